package io.aiswarm.state.pg;

import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the status stream by id: each poll returns the events after the last one it returned, so a follower that lost
 * its connection (or whose caller restarts it from {@link #position()}) resumes exactly where it was, missing and
 * repeating nothing. Reads in pages, so a long history does not come back as one result.
 */
public final class PgStatusFollower implements StatusFollower {
    static final int PAGE = 5_000;

    private final PgSession db;
    private final String host;
    private final Map<String, StatusEvent> last = new LinkedHashMap<>();
    private long position;
    private long malformed;

    private PgStatusFollower(PgSession db, String host, long afterId) {
        this.db = db;
        this.host = host;
        this.position = afterId;
    }

    /** The events of machine {@code host} after id {@code afterId} (0: from the start). */
    public static PgStatusFollower of(PgSession db, String host, long afterId) {
        return new PgStatusFollower(db, host, afterId);
    }

    /** Every machine's events after id {@code afterId}: for cluster-wide readers, which need {@link #pollEvents()}. */
    public static PgStatusFollower all(PgSession db, long afterId) {
        return new PgStatusFollower(db, null, afterId);
    }

    @Override
    public List<StatusEvent> poll() {
        List<StatusEvent> out = new ArrayList<>();
        for (PgEvent e : pollEvents()) out.add(e.event());
        return out;
    }

    /** Like {@link #poll()}, with each event's id and machine. */
    public List<PgEvent> pollEvents() {
        List<PgEvent> out = new ArrayList<>();
        while (true) {
            long after = position;
            List<PgEvent> page;
            try {
                page = db.read("read status events", c -> PgEvents.readAfter(c, after, host, PAGE));
            } catch (RuntimeException e) {
                if (out.isEmpty()) throw e;
                return out; // what was read is delivered; the next poll resumes after it and meets the failure
            }
            for (PgEvent e : page) {
                position = e.id();
                if (e.event() == null) {
                    malformed++;
                    continue;
                }
                last.put(e.event().workerId(), e.event());
                out.add(e);
            }
            if (page.size() < PAGE) return out;
        }
    }

    /** The id of the last event returned (0 before any): where a new follower resumes. */
    public long position() {
        return position;
    }

    /** The last event per worker id; for a cluster-wide follower, ids of different machines share entries. */
    @Override
    public Map<String, StatusEvent> lastByWorker() {
        return Map.copyOf(last);
    }

    @Override
    public long malformedLines() {
        return malformed;
    }
}
