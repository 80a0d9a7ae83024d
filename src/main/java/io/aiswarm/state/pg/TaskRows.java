package io.aiswarm.state.pg;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * A task and its claim as a row of {@code tasks}: the one place that reads and writes the table's columns, so that
 * the queue, the claims and the recovery store a task the same way.
 */
final class TaskRows {
    /** The task's own fields, as in tasks.json. */
    static final String TASK_COLUMNS = "task_id, command, prompt, priority, status, seq, attempts, worker_id,"
            + " created_at, updated_at, assigned_at, started_at, finished_at, exit_code, result_file, error, extra";
    /** The task and its claim. */
    static final String COLUMNS = TASK_COLUMNS + ", host, fence, lease_expires_at";
    static final String QUEUE_ORDER = "priority, seq";

    /**
     * The claim columns to store with a task: the machine holding it (null: not claimed), the lease's expiry, and
     * whether the claim is a new one, which takes the next fencing token (else the stored token stays).
     */
    record Claim(String host, Instant leaseExpiresAt, boolean newFence) {
        /** Not claimed (any more): the last token stays, and no write can present it while the task is unclaimed. */
        static final Claim NONE = new Claim(null, null, false);

        static Claim next(String host, Instant leaseExpiresAt) {
            return new Claim(host, leaseExpiresAt, true);
        }
    }

    /** A row read with {@link #COLUMNS}: the task, and its claim columns as stored. */
    record Row(TaskInfo task, String host, long fence, Instant leaseExpiresAt) {
        boolean claimed() {
            return host != null;
        }

        Claim keptClaim() {
            return new Claim(host, leaseExpiresAt, false);
        }

        TaskClaim asClaim() {
            return new TaskClaim(task, host, fence, leaseExpiresAt);
        }
    }

    private TaskRows() {
    }

    static TaskInfo task(ResultSet rs) throws SQLException {
        return new TaskInfo(rs.getString("task_id"), rs.getString("command"), rs.getString("prompt"),
                rs.getInt("priority"), TaskStatus.parse(rs.getString("status")), rs.getLong("seq"),
                rs.getInt("attempts"), rs.getString("worker_id"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"), Sql.instant(rs, "assigned_at"), Sql.instant(rs, "started_at"),
                Sql.instant(rs, "finished_at"), Sql.integer(rs, "exit_code"), rs.getString("result_file"),
                rs.getString("error"), Sql.object(rs, "extra"));
    }

    static Row row(ResultSet rs) throws SQLException {
        return new Row(task(rs), rs.getString("host"), rs.getLong("fence"), Sql.instant(rs, "lease_expires_at"));
    }

    static void insert(Connection c, List<TaskInfo> tasks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tasks (" + TASK_COLUMNS + ") VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            for (TaskInfo t : tasks) {
                bindTask(ps, t);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Stores {@code t} over the row of the same id with {@code claim}; returns the stored fence. */
    static long update(Connection c, TaskInfo t, Claim claim) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tasks SET (" + TASK_COLUMNS + ", host,"
                + " lease_expires_at) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?),"
                + " fence = CASE WHEN ? THEN nextval('fence_seq') ELSE fence END"
                + " WHERE task_id = ? RETURNING fence")) {
            int i = bindTask(ps, t);
            ps.setString(++i, claim.host());
            Sql.setInstant(ps, ++i, claim.leaseExpiresAt());
            ps.setBoolean(++i, claim.newFence());
            ps.setString(++i, t.taskId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("task '" + t.taskId() + "' vanished while being written");
                return rs.getLong(1);
            }
        }
    }

    /** Binds the {@link #TASK_COLUMNS} from parameter 1; returns the last index bound. */
    private static int bindTask(PreparedStatement ps, TaskInfo t) throws SQLException {
        int i = 0;
        ps.setString(++i, t.taskId());
        ps.setString(++i, t.command());
        ps.setString(++i, t.prompt());
        ps.setInt(++i, t.priority());
        ps.setString(++i, t.status().json());
        ps.setLong(++i, t.seq());
        ps.setInt(++i, t.attempts());
        ps.setString(++i, t.workerId());
        Sql.setInstant(ps, ++i, t.createdAt());
        Sql.setInstant(ps, ++i, t.updatedAt());
        Sql.setInstant(ps, ++i, t.assignedAt());
        Sql.setInstant(ps, ++i, t.startedAt());
        Sql.setInstant(ps, ++i, t.finishedAt());
        Sql.setInteger(ps, ++i, t.exitCode());
        ps.setString(++i, t.resultFile());
        ps.setString(++i, t.error());
        ps.setString(++i, Sql.json(t.extra()));
        return i;
    }

    /** The row of {@code taskId} with its claim, locked for this transaction; null when there is none. */
    static Row lockRow(Connection c, String taskId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tasks WHERE task_id = ? FOR UPDATE")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }
}
