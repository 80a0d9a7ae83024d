package io.aiswarm.state.pg;

import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult;
import io.aiswarm.state.ProcessInfo;
import io.aiswarm.state.TaskLockManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A machine's claims as the master's task locks: on the shared store a task's "lock" is its claim (this machine, a
 * worker, a lease renewed with the machine's master lease, a fencing token), so there is nothing to take or free
 * besides it. A task claimed by this machine for a worker is locked by that worker until its lease runs out; the
 * claim ends with the task's state (finished or requeued), so {@link #release} has nothing to do.
 */
final class PgClaimLocks implements TaskLockManager {
    private final PgSession db;
    private final Clock clock;
    private final Duration ttl;
    private final String host;

    PgClaimLocks(PgSession db, Clock clock, Duration ttl) {
        this.db = db;
        this.clock = clock;
        this.ttl = ttl;
        this.host = db.settings().host();
    }

    /** Held when this machine claimed the task for this worker; otherwise refused (claims are made by claiming). */
    @Override
    public LockResult acquire(String taskId, String workerId) {
        Optional<LockInfo> claim = readAny(taskId);
        if (claim.isPresent() && host.equals(claim.get().host()) && claim.get().workerId().equals(workerId)) {
            return new LockResult(LockResult.Outcome.ALREADY_HELD, claim.get());
        }
        return new LockResult(LockResult.Outcome.HELD_BY_OTHER, claim.orElse(new LockInfo(taskId, "nobody (not"
                + " claimed by host " + host + ")", "", host, 0, clock.instant(), clock.instant(), 0)));
    }

    /** True while this machine's claim for this worker lives (the master lease's renewal extends it). */
    @Override
    public boolean heartbeat(String taskId, String workerId) {
        return read(taskId).filter(l -> l.workerId().equals(workerId) && !l.isExpired(clock.instant())).isPresent();
    }

    @Override
    public boolean release(String taskId, String workerId) {
        return read(taskId).map(l -> l.workerId().equals(workerId)).orElse(true);
    }

    /** This machine's claim of the task; empty when it has none. */
    @Override
    public Optional<LockInfo> read(String taskId) {
        return readAny(taskId).filter(l -> host.equals(l.host()));
    }

    @Override
    public boolean isLocked(String taskId) {
        return read(taskId).filter(l -> !l.isExpired(clock.instant())).isPresent();
    }

    /** Every claim of this machine, by task id. */
    @Override
    public List<LockInfo> list() {
        return db.read("list the claims of host " + host, c -> locks(c, "host = ?", host));
    }

    @Override
    public long ttlSeconds() {
        return ttl.toSeconds();
    }

    private Optional<LockInfo> readAny(String taskId) {
        return db.read("read the claim of task '" + taskId + "'",
                c -> locks(c, "task_id = ?", taskId).stream().findFirst());
    }

    private List<LockInfo> locks(Connection c, String where, String value) throws SQLException {
        List<LockInfo> locks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT task_id, worker_id, host, fence, assigned_at,"
                + " lease_expires_at FROM tasks WHERE host IS NOT NULL AND " + where + " ORDER BY task_id")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var expires = Sql.instant(rs, "lease_expires_at");
                    var assigned = Sql.instant(rs, "assigned_at");
                    locks.add(new LockInfo(rs.getString("task_id"), rs.getString("worker_id"),
                            "claim " + rs.getLong("fence"), rs.getString("host"), ProcessInfo.PID,
                            assigned == null ? expires.minus(ttl) : assigned,
                            expires.minus(ttl).truncatedTo(ChronoUnit.MILLIS), ttl.toSeconds()));
                }
            }
        }
        return locks;
    }
}
