package io.aiswarm.state.pg;

import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Claims: how a machine's master takes pending tasks for its idle workers and what it may write about them after.
 *
 * <ul>
 *   <li>{@link #claim} takes pending tasks in priority then arrival order with {@code FOR UPDATE SKIP LOCKED} (masters
 *       of several machines claiming at once each get different tasks, without waiting on each other), only while the
 *       machine's master lease is held, only for workers that hold no claim, and gives each claim the next fencing
 *       token and a lease of the claim TTL.</li>
 *   <li>{@link #heartbeat} renews the machine's master lease and every claim of the machine in one transaction.</li>
 *   <li>{@link #start}, {@link #finish} and {@link #requeue} present the claim's token and are refused with
 *       {@link StaleClaimException}, changing nothing, once it is not the task's current claim: a master that was
 *       paused past its lease and lost the task can never overwrite the new owner's result.</li>
 * </ul>
 */
public final class PgTaskClaims {
    /** The most pending tasks one claim looks at (and locks until it commits). */
    static final int MAX_CANDIDATES = 1000;

    private final PgSession db;
    private final Clock clock;
    private final Duration claimTtl;

    public PgTaskClaims(PgSession db, Clock clock, Duration claimTtl) {
        this.db = db;
        this.clock = clock;
        this.claimTtl = claimTtl;
    }

    /**
     * Claims up to one pending task for each of {@code idleWorkers} of this machine (those already holding a claim are
     * skipped), in queue order: the most urgent task goes to the first idle worker listed. Returns the claims made.
     */
    public List<TaskClaim> claim(Lease hostLease, List<String> idleWorkers) {
        return claim(hostLease, idleWorkers, (task, worker) -> true);
    }

    /**
     * {@link #claim(Lease, List)}, each worker getting the first task {@code canRun} accepts for it. As many pending
     * tasks as idle workers are locked at first; more (up to {@link #MAX_CANDIDATES} in all) only while some worker
     * found none it can run: other machines skip the locked ones until this transaction ends.
     */
    public List<TaskClaim> claim(Lease hostLease, List<String> idleWorkers, BiPredicate<TaskInfo, String> canRun) {
        String host = db.settings().host();
        if (!hostLease.key().equals(Lease.Key.host(host))) {
            throw new IllegalArgumentException("claims of host " + host + " need its master lease, not "
                    + hostLease.key());
        }
        if (idleWorkers.isEmpty()) return List.of();
        return db.transaction("claim tasks", c -> {
            Instant now = now();
            PgLeases.requireHeld(c, hostLease, now);
            List<String> free = new ArrayList<>(new LinkedHashSet<>(idleWorkers));
            free.removeAll(claimedWorkers(c, host, free));
            List<TaskClaim> claims = new ArrayList<>();
            Instant expires = now.plus(claimTtl);
            List<TaskInfo> unused = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            // as many pending tasks as workers are left, then more only while some worker found none it can run
            while (!free.isEmpty() && seen.size() < MAX_CANDIDATES) {
                List<TaskInfo> batch = pendingForUpdate(c, Math.min(free.size(), MAX_CANDIDATES - seen.size()), seen);
                if (batch.isEmpty()) break;
                batch.forEach(t -> seen.add(t.taskId()));
                unused.addAll(batch);
                for (Iterator<String> w = free.iterator(); w.hasNext(); ) {
                    String worker = w.next();
                    for (Iterator<TaskInfo> it = unused.iterator(); it.hasNext(); ) {
                        TaskInfo task = it.next();
                        if (!canRun.test(task, worker)) continue;
                        it.remove();
                        w.remove();
                        TaskInfo assigned = task.assignedTo(worker, now);
                        long fence = TaskRows.update(c, assigned, TaskRows.Claim.next(host, expires));
                        claims.add(new TaskClaim(assigned, host, fence, expires));
                        break;
                    }
                }
            }
            claims.sort(java.util.Comparator.comparingInt(cl -> idleWorkers.indexOf(cl.workerId())));
            return claims;
        });
    }

    /**
     * Renews this machine's master lease for {@code leaseTtl} and extends every claim of the machine by the claim TTL,
     * together. Returns the renewed lease; {@link LeaseLostException} (nothing renewed) when it was lost.
     */
    public Lease heartbeat(Lease hostLease, Duration leaseTtl) {
        return db.transaction("renew the master lease and claims", c -> {
            Instant now = now();
            Lease renewed = PgLeases.renew(c, hostLease, leaseTtl, now);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE tasks SET lease_expires_at = ? WHERE host = ?")) {
                Sql.setInstant(ps, 1, now.plus(claimTtl));
                ps.setString(2, hostLease.key().name());
                ps.executeUpdate();
            }
            return renewed;
        });
    }

    /** The task's worker started it (its START line): running. Repeating it changes nothing. */
    public TaskInfo start(String taskId, long fence) {
        return fenced("start", taskId, fence, (row, now) -> row.task().status() == TaskStatus.RUNNING
                ? null : new Transition(row.task().running(now), row.keptClaim()));
    }

    /** The task ended ({@code end} is final: done, failed, skipped, cancelled); the claim ends with it. */
    public TaskInfo finish(String taskId, long fence, TaskStatus end, Integer exitCode, String resultFile,
                           String error) {
        if (!end.isFinal()) throw new IllegalArgumentException("a task finishes as done, failed, skipped or"
                + " cancelled, not " + end.json());
        return fenced("finish", taskId, fence, (row, now) -> new Transition(
                row.task().finished(end, exitCode, resultFile, error, now), TaskRows.Claim.NONE));
    }

    /** Back to pending in its place (attempts kept), for any machine to claim; the claim ends. */
    public TaskInfo requeue(String taskId, long fence, String reason) {
        return fenced("requeue", taskId, fence, (row, now) -> new Transition(row.task().requeued(reason, now),
                TaskRows.Claim.NONE));
    }

    /** Every task claimed by machine {@code host}, in queue order: what its master reconciles after an outage. */
    public List<TaskClaim> claimsOf(String host) {
        return db.read("read the claims of host " + host, c -> {
            List<TaskClaim> claims = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.COLUMNS + " FROM tasks"
                    + " WHERE host = ? ORDER BY " + TaskRows.QUEUE_ORDER)) {
                ps.setString(1, host);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) claims.add(TaskRows.row(rs).asClaim());
                }
            }
            return claims;
        });
    }

    /** A write about a claimed task: what to store, or null for nothing to do. */
    private interface Change {
        Transition apply(TaskRows.Row row, Instant now);
    }

    private record Transition(TaskInfo task, TaskRows.Claim claim) {
    }

    private TaskInfo fenced(String what, String taskId, long fence, Change change) {
        return db.transaction(what + " task '" + taskId + "'", c -> {
            TaskRows.Row row = TaskRows.lockRow(c, taskId);
            if (row == null) {
                throw new SwarmStateException("no task '" + taskId + "' in " + db.settings().describe());
            }
            if (!row.claimed() || row.fence() != fence) throw stale(what, row, fence);
            Transition t = change.apply(row, now());
            if (t == null) return row.task();
            TaskRows.update(c, t.task(), t.claim());
            return t.task();
        });
    }

    private static StaleClaimException stale(String what, TaskRows.Row row, long presented) {
        TaskInfo t = row.task();
        String now = row.claimed()
                ? "it is claim " + row.fence() + " of " + t.workerId() + " on host " + row.host()
                : "it is not claimed (status " + t.status().json() + ")";
        return new StaleClaimException("task '" + t.taskId() + "': claim " + presented + " is no longer current ("
                + now + "); refused to " + what + " it, nothing changed");
    }

    private static Set<String> claimedWorkers(Connection c, String host, List<String> workers) throws SQLException {
        Set<String> busy = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT worker_id FROM tasks WHERE host = ?"
                + " AND worker_id = ANY(?)")) {
            ps.setString(1, host);
            ps.setArray(2, c.createArrayOf("text", workers.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) busy.add(rs.getString(1));
            }
        }
        return busy;
    }

    /**
     * Up to {@code limit} pending tasks in queue order, besides those in {@code seen}, locked; rows another
     * transaction holds are skipped.
     */
    private static List<TaskInfo> pendingForUpdate(Connection c, int limit, List<String> seen) throws SQLException {
        List<TaskInfo> tasks = new ArrayList<>();
        if (limit == 0) return tasks;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.TASK_COLUMNS + " FROM tasks"
                + " WHERE status = 'pending' AND task_id <> ALL(?) ORDER BY " + TaskRows.QUEUE_ORDER
                + " LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setArray(1, c.createArrayOf("text", seen.toArray()));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) tasks.add(TaskRows.task(rs));
            }
        }
        return tasks;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
