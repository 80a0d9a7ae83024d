package io.aiswarm.state.pg;

import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult;
import io.aiswarm.state.ProcessInfo;
import io.aiswarm.state.TaskIds;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Task locks in the {@code task_locks} table, with the semantics of {@link TaskLockManager}. An acquire is one
 * transaction that inserts the lock or, finding one, locks its row before deciding: of several contenders for the
 * same expired lock exactly one takes it over. A lock names this machine ({@code AI_SWARM_HOST}) and process.
 */
public final class PgTaskLockManager implements TaskLockManager {
    private static final String COLUMNS = "task_id, worker_id, owner_token, host, pid, acquired_at, heartbeat_at, ttl_sec";

    private final PgSession db;
    private final long ttlSeconds;
    private final Clock clock;

    public PgTaskLockManager(PgSession db, long ttlSeconds, Clock clock) {
        if (ttlSeconds <= 0) throw new IllegalArgumentException("lock TTL must be positive, got " + ttlSeconds);
        this.db = db;
        this.ttlSeconds = ttlSeconds;
        this.clock = clock;
    }

    @Override
    public LockResult acquire(String taskId, String workerId) {
        TaskIds.require(taskId);
        TaskRules.checkWorkerId(workerId);
        return db.transaction("lock task '" + taskId + "'", c -> {
            Instant now = now();
            LockInfo mine = fresh(taskId, workerId, now);
            if (insertIfAbsent(c, mine)) return new LockResult(LockResult.Outcome.ACQUIRED, mine);
            LockInfo theirs = select(c, taskId, true).orElseThrow(() -> new SQLException(
                    "lock of task '" + taskId + "' vanished while being taken", "40001")); // runs again
            if (theirs.workerId().equals(workerId)) {
                LockInfo refreshed = theirs.heartbeat(now);
                write(c, refreshed);
                return new LockResult(LockResult.Outcome.ALREADY_HELD, refreshed);
            }
            if (!theirs.isExpired(now)) return new LockResult(LockResult.Outcome.HELD_BY_OTHER, theirs);
            write(c, mine);
            return new LockResult(LockResult.Outcome.TOOK_OVER, mine);
        });
    }

    @Override
    public boolean heartbeat(String taskId, String workerId) {
        return db.transaction("refresh lock of task '" + taskId + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE task_locks SET heartbeat_at = ? WHERE task_id = ? AND worker_id = ?")) {
                Sql.setInstant(ps, 1, now());
                ps.setString(2, taskId);
                ps.setString(3, workerId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean release(String taskId, String workerId) {
        return db.transaction("release lock of task '" + taskId + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM task_locks WHERE task_id = ? AND worker_id = ?")) {
                ps.setString(1, taskId);
                ps.setString(2, workerId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<LockInfo> read(String taskId) {
        return db.read("read lock of task '" + taskId + "'", c -> select(c, taskId, false));
    }

    @Override
    public boolean isLocked(String taskId) {
        return read(taskId).map(l -> !l.isExpired(clock.instant())).orElse(false);
    }

    @Override
    public List<LockInfo> list() {
        return db.read("list locks", c -> {
            List<LockInfo> locks = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM task_locks ORDER BY task_id")) {
                while (rs.next()) locks.add(lock(rs));
            }
            return locks;
        });
    }

    @Override
    public long ttlSeconds() {
        return ttlSeconds;
    }

    private LockInfo fresh(String taskId, String workerId, Instant now) {
        return new LockInfo(taskId, workerId, UUID.randomUUID().toString(), db.settings().host(), ProcessInfo.PID,
                now, now, ttlSeconds);
    }

    private static boolean insertIfAbsent(Connection c, LockInfo l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_locks (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING")) {
            bind(ps, l);
            return ps.executeUpdate() == 1;
        }
    }

    private static void write(Connection c, LockInfo l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE task_locks SET (" + COLUMNS + ")"
                + " = (?, ?, ?, ?, ?, ?, ?, ?) WHERE task_id = ?")) {
            bind(ps, l);
            ps.setString(9, l.taskId());
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, LockInfo l) throws SQLException {
        ps.setString(1, l.taskId());
        ps.setString(2, l.workerId());
        ps.setString(3, l.ownerToken());
        ps.setString(4, l.host());
        ps.setLong(5, l.pid());
        Sql.setInstant(ps, 6, l.acquiredAt());
        Sql.setInstant(ps, 7, l.heartbeatAt());
        ps.setLong(8, l.ttlSec());
    }

    private static Optional<LockInfo> select(Connection c, String taskId, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM task_locks WHERE task_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(lock(rs)) : Optional.empty();
            }
        }
    }

    private static LockInfo lock(ResultSet rs) throws SQLException {
        return new LockInfo(rs.getString("task_id"), rs.getString("worker_id"), rs.getString("owner_token"),
                rs.getString("host"), rs.getLong("pid"), Sql.instant(rs, "acquired_at"),
                Sql.instant(rs, "heartbeat_at"), rs.getLong("ttl_sec"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
