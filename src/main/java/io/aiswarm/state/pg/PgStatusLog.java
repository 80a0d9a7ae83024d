package io.aiswarm.state.pg;

import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLog;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One machine's view of the shared status stream, as a {@link StatusLog}: it appends events as coming from this
 * machine ({@code AI_SWARM_HOST}) and follows only this machine's events, so that worker ids (worker-0 on every
 * machine) mean this machine's workers, as in a status.log. The cluster-wide stream is {@link PgStatusFollower#all}.
 */
public final class PgStatusLog implements StatusLog {
    private final PgSession db;
    private final String host;

    public PgStatusLog(PgSession db) {
        this.db = db;
        this.host = db.settings().host();
    }

    @Override
    public void append(StatusEvent event) {
        appendAll(List.of(event));
    }

    /** Appends several events in one transaction: they get consecutive ids, never split by another writer's. */
    public void appendAll(List<StatusEvent> events) {
        db.transaction("append status events", c -> {
            PgEvents.append(c, host, events);
            return null;
        });
    }

    @Override
    public StatusFollower follow() {
        return PgStatusFollower.of(db, host, 0);
    }

    @Override
    public Map<String, StatusEvent> lastEvents(Collection<String> workers) {
        return db.read("read the last status events", c -> {
            Map<String, StatusEvent> last = new HashMap<>();
            for (PgEvent e : PgEvents.lastOf(c, host, workers)) {
                if (e.event() != null) last.put(e.event().workerId(), e.event());
            }
            return last;
        });
    }
}
