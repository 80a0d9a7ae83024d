package io.aiswarm.state.memory;

import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The status log as a list in memory; a follower keeps its position in it. */
final class MemoryStatusLog implements StatusLog {
    private final List<StatusEvent> events = new ArrayList<>();
    private final Runnable changed;

    MemoryStatusLog(Runnable changed) {
        this.changed = changed;
    }

    @Override
    public void append(StatusEvent event) {
        synchronized (this) {
            events.add(event);
        }
        changed.run();
    }

    @Override
    public StatusFollower follow() {
        return new StatusFollower() {
            private int next;
            private final Map<String, StatusEvent> last = new HashMap<>();

            @Override
            public List<StatusEvent> poll() {
                List<StatusEvent> fresh;
                synchronized (MemoryStatusLog.this) {
                    fresh = List.copyOf(events.subList(next, events.size()));
                    next = events.size();
                }
                for (StatusEvent e : fresh) last.put(e.workerId(), e);
                return fresh;
            }

            @Override
            public Map<String, StatusEvent> lastByWorker() {
                return Map.copyOf(last);
            }

            @Override
            public long malformedLines() {
                return 0; // events are stored as objects: nothing to misparse
            }
        };
    }
}
