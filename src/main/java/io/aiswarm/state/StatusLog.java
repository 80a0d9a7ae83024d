package io.aiswarm.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The append-only status log shared by the master, workers and hooks.
 * Appends from many processes never interleave inside a line.
 */
public interface StatusLog {
    void append(StatusEvent event);

    /** A reader that starts at the beginning of the log and then returns only lines added since its last poll. */
    StatusFollower follow();

    /**
     * The last event of each of {@code workers} (absent: it never logged), as a follower reading the whole log would
     * see it. For one-off readers such as `swarm status`; implementations read only as much as they need.
     */
    default Map<String, StatusEvent> lastEvents(Collection<String> workers) {
        try (StatusFollower follower = follow()) {
            follower.poll();
            Map<String, StatusEvent> last = new HashMap<>(follower.lastByWorker());
            last.keySet().retainAll(workers);
            return last;
        }
    }
}
