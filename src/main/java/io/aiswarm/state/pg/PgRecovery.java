package io.aiswarm.state.pg;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster leader's recovery of lost machines: a claim whose lease expired on a machine that holds no live master
 * lease is ended; its task goes back to pending in its place, or fails once it used {@code AI_SWARM_MAX_ATTEMPTS}
 * attempts; each decision is a SKIP event of the lost worker, as local recovery writes. Claims of a machine whose
 * master is alive are left to that master (recovery of a machine's own panes stays local). Rows being written right now
 * (their owner finishing them) are skipped and looked at again next time.
 */
public final class PgRecovery {
    private final PgSession db;
    private final Clock clock;
    private final int maxAttempts;

    public PgRecovery(PgSession db, Clock clock, int maxAttempts) {
        if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        this.db = db;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    /** Recovers what lost machines left; returns the tasks changed (pending again, or failed). */
    public List<TaskInfo> recoverLostMachines(Lease leader) {
        return db.transaction("recover the tasks of lost machines", c -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            PgLeases.requireHeld(c, leader, now);
            List<TaskInfo> changed = new ArrayList<>();
            Map<String, List<StatusEvent>> events = new LinkedHashMap<>();
            for (TaskRows.Row row : lostClaims(c, now)) {
                TaskInfo t = row.task();
                String reason = "host " + row.host() + " lost its master lease while " + t.workerId() + " had the task";
                boolean giveUp = t.attempts() >= maxAttempts;
                TaskInfo after = giveUp
                        ? t.finished(TaskStatus.FAILED, null, null, "gave up after " + t.attempts() + " attempts: "
                                + reason, now)
                        : t.requeued(reason, now);
                TaskRows.update(c, after, TaskRows.Claim.NONE);
                events.computeIfAbsent(row.host(), h -> new ArrayList<>()).add(new StatusEvent(now, t.workerId(),
                        t.taskId(), BroadcastState.SKIP, (giveUp ? "failed: " : "requeued: ") + reason, null));
                changed.add(after);
            }
            for (var e : events.entrySet()) PgEvents.append(c, e.getKey(), e.getValue());
            return changed;
        });
    }

    private static List<TaskRows.Row> lostClaims(Connection c, Instant now) throws SQLException {
        List<TaskRows.Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.COLUMNS + " FROM tasks t"
                + " WHERE host IS NOT NULL AND lease_expires_at <= ? AND NOT EXISTS (SELECT 1 FROM leases l"
                + " WHERE l.kind = 'host' AND l.name = t.host AND l.expires_at > ?)"
                + " ORDER BY task_id FOR UPDATE SKIP LOCKED")) {
            Sql.setInstant(ps, 1, now);
            Sql.setInstant(ps, 2, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(TaskRows.row(rs));
            }
        }
        return rows;
    }
}
