package io.aiswarm.state.pg;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The SQL of the {@code events} table, on the caller's transaction. Appends take the table in SHARE ROW EXCLUSIVE mode
 * first (it conflicts with itself, not with readers), so appends commit one after another and an id becomes visible
 * only after every smaller one did: a reader that asks for "id > last" never skips an event that commits later, which
 * bigserial alone does not promise.
 */
final class PgEvents {
    private static final String COLUMNS = "id, ts, host, worker_id, task_id, state, message, meta";

    private PgEvents() {
    }

    static void append(Connection c, String host, Collection<StatusEvent> events) throws SQLException {
        if (events.isEmpty()) return;
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (ts, host, worker_id, task_id, state,"
                + " message, meta) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            for (StatusEvent e : events) {
                Sql.setInstant(ps, 1, e.ts());
                ps.setString(2, host);
                ps.setString(3, e.workerId());
                ps.setString(4, e.taskId());
                ps.setString(5, e.state().name());
                ps.setString(6, e.message());
                ps.setString(7, Sql.json(e.meta()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Up to {@code limit} events after {@code afterId}, in id order; of one machine, or of all when host is null. */
    static List<PgEvent> readAfter(Connection c, long afterId, String host, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM events WHERE id > ?" + (host == null ? "" : " AND host = ?")
                + " ORDER BY id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 0;
            ps.setLong(++i, afterId);
            if (host != null) ps.setString(++i, host);
            ps.setInt(++i, limit);
            return events(ps);
        }
    }

    /** The last event of each of {@code workers} of machine {@code host}. */
    static List<PgEvent> lastOf(Connection c, String host, Collection<String> workers) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (worker_id) " + COLUMNS + " FROM events"
                + " WHERE host = ? AND worker_id = ANY(?) ORDER BY worker_id, id DESC")) {
            ps.setString(1, host);
            ps.setArray(2, c.createArrayOf("text", workers.toArray()));
            return events(ps);
        }
    }

    /** The last event of every worker of every machine, by machine then worker. */
    static List<PgEvent> lastOfEveryWorker(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (host, worker_id) " + COLUMNS
                + " FROM events WHERE worker_id <> '' ORDER BY host, worker_id, id DESC")) {
            return events(ps);
        }
    }

    private static List<PgEvent> events(PreparedStatement ps) throws SQLException {
        List<PgEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(event(rs));
        }
        return out;
    }

    /** A row whose state this version does not know comes back with a null event (counted as malformed). */
    private static PgEvent event(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        String host = rs.getString("host");
        BroadcastState state;
        try {
            state = BroadcastState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new PgEvent(id, host, null);
        }
        return new PgEvent(id, host, new StatusEvent(Sql.instant(rs, "ts"), rs.getString("worker_id"),
                rs.getString("task_id"), state, rs.getString("message"), Sql.object(rs, "meta")));
    }
}
