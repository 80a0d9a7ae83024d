package io.aiswarm.state;

import java.time.Instant;
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
     * A reader that starts late: its first poll returns the events from {@code since} on, its last-event view knows
     * each of {@code workers}; then only lines added since. A master starts this way on a long log. By default, from
     * the beginning.
     */
    default StatusFollower follow(Instant since, Collection<String> workers) {
        return follow();
    }

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
