package io.aiswarm.state.pg;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskClaims;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskRules;
import io.aiswarm.state.TaskStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The queue as one machine's master sees it. It reads the whole queue, but its active tasks are only those this
 * machine claimed, it takes pending tasks only by claiming them ({@link #claim}: {@code FOR UPDATE SKIP LOCKED}, each
 * claim with the next fencing token), and every write it makes about a claimed task (start, finish, requeue, any
 * change) presents the token it holds for that task and this machine's master lease, in the write's own transaction:
 * a write whose token is no longer the task's (the leader gave the task to another machine meanwhile) or whose lease
 * expired (a master frozen past it) is refused and changes nothing.
 *
 * <p>Tokens are learned when this process claims a task, or when it first sees a claim of its machine that a previous
 * master process of this machine made (adoption after a restart; only the holder of the machine's lease can write).
 */
public final class PgMachineQueue implements TaskQueue, TaskClaims {
    private final PgSession db;
    private final PgTaskQueue all;
    private final PgTaskClaims claims;
    private final MachineLease lease;
    private final Clock clock;
    private final String host;
    private final Consumer<String> log;
    /** The fencing token this process holds for each task its machine claimed. */
    private final Map<String, Long> fences = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    PgMachineQueue(PgSession db, PgTaskClaims claims, MachineLease lease, Clock clock, Consumer<String> log) {
        this.db = db;
        this.all = new PgTaskQueue(db, clock);
        this.claims = claims;
        this.lease = lease;
        this.clock = clock;
        this.host = db.settings().host();
        this.log = log;
    }

    /** Writes refused because their token or the machine's lease was no longer current. */
    public long refusedWrites() {
        return refused.get();
    }

    @Override
    public List<TaskInfo> list() {
        return all.list();
    }

    @Override
    public Optional<TaskInfo> get(String taskId) {
        return all.get(taskId);
    }

    @Override
    public List<TaskInfo> pending(int limit) {
        return all.pending(limit);
    }

    @Override
    public Map<TaskStatus, Integer> countByStatus() {
        return all.countByStatus();
    }

    @Override
    public int countDeclined() {
        return all.countDeclined();
    }

    @Override
    public List<TaskInfo> addAll(List<NewTask> tasks) {
        return all.addAll(tasks);
    }

    /** The tasks this machine claimed, in queue order; a claim not seen before is adopted (its token learned). */
    @Override
    public List<TaskInfo> active() {
        List<TaskRows.Row> rows = db.read("list the claims of host " + host, this::claimedRows);
        List<TaskInfo> tasks = new ArrayList<>();
        for (TaskRows.Row row : rows) {
            fences.putIfAbsent(row.task().taskId(), row.fence());
            tasks.add(row.task());
        }
        fences.keySet().retainAll(rows.stream().map(r -> r.task().taskId()).toList());
        return tasks;
    }

    @Override
    public List<TaskInfo> claim(List<String> idleWorkers, BiPredicate<TaskInfo, String> canRun) {
        if (idleWorkers.isEmpty()) return List.of();
        List<TaskClaim> made;
        try {
            made = claims.claim(lease.require(), idleWorkers, canRun);
        } catch (LeaseLostException e) {
            throw refusedLate(e);
        }
        List<TaskInfo> tasks = new ArrayList<>();
        for (TaskClaim claim : made) {
            fences.put(claim.taskId(), claim.fence());
            tasks.add(claim.task());
        }
        return tasks;
    }

    /** A fenced change of one task: refused (empty, nothing written) when the task's claim is not ours any more. */
    @Override
    public Optional<Change> change(String taskId, UnaryOperator<TaskInfo> change) {
        Lease held = lease.require();
        Written written = underLease("update task '" + taskId + "'", c -> {
            PgLeases.requireHeld(c, held, now());
            TaskRows.Row row = TaskRows.lockRow(c, taskId);
            if (row == null) {
                throw new SwarmStateException("no task '" + taskId + "' in " + db.settings().describe()
                        + "; `swarm task list` shows the ids");
            }
            if (row.claimed() && !isOurs(row)) return Written.refused(refusal(row));
            Change done = write(c, row, change);
            return done == null ? Written.NOTHING : new Written(List.of(done), List.of());
        });
        return Optional.ofNullable(settle(written).isEmpty() ? null : written.changes().get(0));
    }

    /** Applies {@code change} to the tasks this machine claimed (its view of "every task"), fenced, in one write. */
    /** Only tasks no machine holds are removed: nothing to fence. */
    @Override
    public List<TaskInfo> removeIf(java.util.function.Predicate<TaskInfo> which) {
        return all.removeIf(which);
    }

    @Override
    public List<Change> updateAll(UnaryOperator<TaskInfo> change) {
        Lease held = lease.require();
        Written written = underLease("update the tasks of host " + host, c -> {
            PgLeases.requireHeld(c, held, now());
            List<Change> changed = new ArrayList<>();
            List<String> stale = new ArrayList<>();
            for (TaskRows.Row row : lockClaimedRows(c)) {
                if (!isOurs(row)) {
                    stale.add(refusal(row));
                    continue;
                }
                Change done = write(c, row, change);
                if (done != null) changed.add(done);
            }
            changed.sort(Change.ORDER);
            return new Written(changed, stale);
        });
        return settle(written);
    }

    /** A write transaction; one refused because the machine's lease was lost is counted and said. */
    private <T> T underLease(String what, PgSession.Work<T> work) {
        try {
            return db.transaction(what, work);
        } catch (LeaseLostException e) {
            throw refusedLate(e);
        }
    }

    private LeaseLostException refusedLate(LeaseLostException e) {
        refused.incrementAndGet();
        log.accept("refused a late write: " + e.getMessage());
        return e;
    }

    private boolean isOurs(TaskRows.Row row) {
        return host.equals(row.host()) && Objects.equals(fences.get(row.task().taskId()), row.fence());
    }

    /** Stores the function's result, keeping the claim while the task stays active with its worker; null: unchanged. */
    private static Change write(Connection c, TaskRows.Row row, UnaryOperator<TaskInfo> change) throws SQLException {
        TaskInfo before = row.task();
        TaskInfo after = change.apply(before);
        if (after == before) return null;
        TaskRules.checkChange(before, after);
        boolean keeps = row.claimed() && after.status().isActive() && Objects.equals(after.workerId(),
                before.workerId());
        if (!row.claimed() && after.status().isActive()) {
            throw new SwarmStateException("task '" + before.taskId() + "' can become " + after.status().json()
                    + " only by a claim; nothing was written");
        }
        TaskRows.update(c, after, keeps ? row.keptClaim() : TaskRows.Claim.NONE);
        return new Change(before, after);
    }

    /** After the commit: tokens of ended claims are dropped, refusals counted and said. */
    private List<Change> settle(Written written) {
        for (Change c : written.changes()) {
            if (!c.after().status().isActive()) fences.remove(c.after().taskId());
        }
        for (String why : written.refusals()) {
            refused.incrementAndGet();
            log.accept(why);
        }
        return written.changes();
    }

    private String refusal(TaskRows.Row row) {
        Long ours = fences.get(row.task().taskId());
        return "refused a late write about task " + row.task().taskId() + ": it is claim " + row.fence() + " of "
                + row.task().workerId() + " on host " + row.host() + ", this master "
                + (ours == null ? "never held it" : "held claim " + ours) + "; nothing changed";
    }

    private record Written(List<Change> changes, List<String> refusals) {
        static final Written NOTHING = new Written(List.of(), List.of());

        static Written refused(String why) {
            return new Written(List.of(), List.of(why));
        }
    }

    private List<TaskRows.Row> claimedRows(Connection c) throws SQLException {
        return rows(c, "SELECT " + TaskRows.COLUMNS + " FROM tasks WHERE host = ? ORDER BY " + TaskRows.QUEUE_ORDER);
    }

    /** One lock order (by id) for every writer that locks several rows: no deadlock between them. */
    private List<TaskRows.Row> lockClaimedRows(Connection c) throws SQLException {
        return rows(c, "SELECT " + TaskRows.COLUMNS + " FROM tasks WHERE host = ? ORDER BY task_id FOR UPDATE");
    }

    private List<TaskRows.Row> rows(Connection c, String sql) throws SQLException {
        List<TaskRows.Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, host);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(TaskRows.row(rs));
            }
        }
        return rows;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
