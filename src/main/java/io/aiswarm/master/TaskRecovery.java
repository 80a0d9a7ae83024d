package io.aiswarm.master;

import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.tmux.AgentPane;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps every active task (assigned or running) owned by a living worker, every round and after a restart.
 * A task whose pane still runs is adopted: its lock is kept alive (taken again if it expired). A task whose
 * worker is gone, whose pane ended without reporting, or (with no pane information) whose lock expired goes
 * back to the queue in its place; after the configured number of attempts it fails instead. Requeueing
 * needs the task still active on the same worker and attempt, so a concurrent finish always wins.
 *
 * <p>An exec task is put back only once it provably is not running: its pane names the attempt it was last started
 * for ({@link ExecRunTag}). An assigned task whose pane was not started for it is requeued only when no respawn for
 * it can still arrive: none is unanswered ({@link WorkerPanes#respawnPending}), and a task this master did not
 * dispatch itself gets a grace period for the dispatching master's respawn.
 */
final class TaskRecovery {
    private final TaskQueue queue;
    private final TaskLockManager locks;
    private final StatusBroadcaster broadcaster;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration heartbeatEvery;
    private final Consumer<String> log;
    /** How long after its assignment a task inherited from a dead master may still report START. */
    static final Duration EXEC_DELIVERY_GRACE = Duration.ofSeconds(5);
    /** Longer than an agent prompt delivery can take (3 tries of typing, submitting and verifying). */
    static final Duration AGENT_DELIVERY_GRACE = Duration.ofSeconds(60);

    private final Map<String, Instant> lastHeartbeat = new HashMap<>();
    /** The attempt of each task this master dispatched itself (its respawn is answered or pending here). */
    private final Map<String, Integer> own = new HashMap<>();
    private final WorkerPanes panes; // null: no panes
    private final PaneClaims claims; // null: no worker claims
    /** Tasks already assigned when this master made its first check, with their attempt: they are not its own. */
    private Map<String, Integer> inherited;
    /** Whether a running pane still runs the process a (non-exec) task was given to; see TaskSender#runsIn. */
    private java.util.function.BiPredicate<TaskInfo, AgentPane> ownProcess = (task, pane) -> true;
    /** The attempts' files (their runner claims) and the swarm's paths; null: no exec runners. */
    private RunFiles runFiles;
    private io.aiswarm.state.SwarmPaths paths;

    TaskRecovery(TaskQueue queue, TaskLockManager locks, StatusBroadcaster broadcaster, Clock clock, int maxAttempts,
                 Consumer<String> log) {
        this(queue, locks, broadcaster, clock, maxAttempts, log, null, null);
    }

    TaskRecovery(TaskQueue queue, TaskLockManager locks, StatusBroadcaster broadcaster, Clock clock, int maxAttempts,
                 Consumer<String> log, WorkerPanes panes, PaneClaims claims) {
        this.panes = panes;
        this.claims = claims;
        this.queue = queue;
        this.locks = locks;
        this.broadcaster = broadcaster;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        // a third of the TTL: two missed beats still leave the lock live, and a swarm of many long tasks costs
        // one small file write per task every TTL/3 (100 s by default), not every few seconds
        this.heartbeatEvery = Duration.ofSeconds(Math.max(1, locks.ttlSeconds() / 3));
        this.log = log;
    }

    /** A task is adopted only while its own process runs in its pane; this tells (the sender knows how). */
    void ownProcess(java.util.function.BiPredicate<TaskInfo, AgentPane> test) {
        this.ownProcess = test;
    }

    /** Exec panes may run {@link ExecRunner}s: their tasks are checked by their runner and its claims. */
    void runners(io.aiswarm.state.SwarmPaths paths) {
        this.paths = paths;
        this.runFiles = new RunFiles(paths);
    }

    /** Looks at the round's active tasks; returns those it requeued or failed (their new state). */
    List<TaskInfo> check(MasterScanner.Scan scan, List<TaskInfo> active) {
        List<TaskInfo> changed = new ArrayList<>();
        Instant now = clock.instant();
        if (inherited == null) inherited = assignedIn(active);
        Set<String> activeIds = new HashSet<>();
        for (TaskInfo task : active) activeIds.add(task.taskId());
        lastHeartbeat.keySet().retainAll(activeIds);
        own.keySet().retainAll(activeIds);
        for (TaskInfo task : active) {
            AgentPane pane = scan.panes() == null ? null : scan.panes().get(task.workerId());
            if (task.command() != null && pane != null) {
                checkExec(task, pane, now, changed);
                continue;
            }
            if (neverStarted(task, now)) {
                requeue(task, "assigned by a master that stopped before starting it", changed, true);
                continue;
            }
            String worker = task.workerId();
            switch (scan.paneState(worker)) {
                case GONE -> requeue(task, "worker " + worker + " is gone", changed, false);
                case FINISHED -> requeue(task, "the pane of " + worker + " ended without reporting (`swarm restart "
                        + worker + "` starts it again)", changed, false);
                case ALIVE -> {
                    AgentPane alive = scan.panes() == null ? null : scan.panes().get(worker);
                    if (alive != null && !ownProcess.test(task, alive)) {
                        // a fresh agent in the pane (swarm down/up, swarm restart): the task's turn died with the old one
                        requeue(task, "the agent in the pane of " + worker + " is not the one the task was given to "
                                + "(restarted)", changed, false);
                    } else {
                        keepAlive(task, now);
                    }
                }
                case UNKNOWN -> {
                    if (!locks.isLocked(task.taskId())) requeue(task, "its lock expired", changed, false);
                }
            }
        }
        return changed;
    }

    /**
     * An exec task on a pane that exists: running or ended on it when the pane was started for this attempt;
     * otherwise not started (yet), and requeued once no respawn for it can still come.
     */
    private void checkExec(TaskInfo task, AgentPane scanned, Instant now, List<TaskInfo> changed) {
        String worker = task.workerId();
        if (runFiles != null && checkedByRunner(task, scanned, now, changed)) return;
        AgentPane pane = scanned;
        if (!ExecRunTag.startedFor(scanned, task)) {
            // the scan listed the panes before it read the log, so a START read there may be newer than that
            // listing: look again. A pane seen now started for it runs (or ended after the log was read: the next
            // round reads its DONE); only the scan's own listing can show that it ended without reporting
            pane = freshPane(worker).orElse(null);
            if (pane == null) {
                requeue(task, "worker " + worker + " is gone", changed, false);
                return;
            }
            if (ExecRunTag.startedFor(pane, task)) {
                keepAlive(task, now);
                return;
            }
        }
        if (ExecRunTag.startedFor(pane, task)) {
            if (!pane.dead()) {
                keepAlive(task, now);
            } else {
                requeue(task, "the pane of " + worker + " ended without reporting", changed, false);
            }
            return;
        }
        if (task.status() == TaskStatus.RUNNING) {
            // it reported START, and its pane has since been restarted for something else
            requeue(task, "the pane of " + worker + " was restarted for another command", changed, false);
            return;
        }
        boolean mine = Integer.valueOf(task.attempts()).equals(own.get(task.taskId()));
        boolean graceOver = task.assignedAt() == null
                || Duration.between(task.assignedAt(), now).compareTo(EXEC_DELIVERY_GRACE) > 0;
        if (panes.respawnPending(worker) || !mine && !graceOver) {
            keepAlive(task, now); // tmux may still start it: it is not pending again until that is settled
            return;
        }
        if (runFiles == null || runFiles.revoke(task)) {
            requeue(task, "its pane on " + worker + " was never started for it", changed, true);
        } else if (graceOver) { // a runner claimed it and ended before its task reported START
            requeue(task, "the runner on " + worker + " ended before starting it", changed, true);
        } else {
            keepAlive(task, now);
        }
    }

    /**
     * A task handed to a pane's running {@link ExecRunner} (true when handled here). Running: alive exactly as long as
     * the runner that started it (its START named it). Assigned: the runner takes it within milliseconds; after the
     * grace the master revokes the attempt (its claim, O_EXCL): won, the attempt provably never starts and goes back to
     * the queue; lost, the runner has it and its START is on the way.
     */
    private boolean checkedByRunner(TaskInfo task, AgentPane pane, Instant now, List<TaskInfo> changed) {
        String worker = task.workerId();
        if (task.status() == TaskStatus.RUNNING && task.extra().get(ProcessGroups.RUNNER) instanceof Number runner) {
            // the scan listed the panes before reading the log: a runner gone by then wrote its DONE before. A pane
            // respawned as this runner after that listing (by another master) is not in it: look again before
            // deciding that the runner ended
            if (startedBy(pane, runner) || freshPane(worker).filter(p -> startedBy(p, runner)).isPresent()) {
                keepAlive(task, now);
            } else {
                requeue(task, "the runner in the pane of " + worker + " ended without reporting", changed, false);
            }
            return true;
        }
        if (task.status() != TaskStatus.ASSIGNED || pane.dead() || !ExecRunner.isRunner(pane, paths)
                || ExecRunTag.startedFor(pane, task)) {
            return false;
        }
        boolean graceOver = task.assignedAt() == null
                || Duration.between(task.assignedAt(), now).compareTo(EXEC_DELIVERY_GRACE) > 0;
        if (graceOver && runFiles.revoke(task)) {
            requeue(task, "the runner on " + worker + " never started it", changed, true);
        } else {
            keepAlive(task, now);
        }
        return true;
    }

    private static boolean startedBy(AgentPane pane, Number runner) {
        return !pane.dead() && pane.pid() == runner.longValue();
    }

    /** A task this master just dispatched: its lock is fresh, and it is not an adoption. */
    void dispatched(String taskId, int attempt) {
        lastHeartbeat.put(taskId, clock.instant());
        own.put(taskId, attempt);
    }

    private java.util.Optional<AgentPane> freshPane(String worker) {
        return panes.panes(false).stream().filter(p -> p.workerId().equals(worker)).findFirst();
    }

    /**
     * Releases the locks of tasks that are still pending: a master died between taking a task's lock and marking
     * the task assigned. Only the active master dispatches, so at its first round such a lock is an orphan that
     * would otherwise keep the task and its worker blocked until the TTL runs out.
     */
    List<String> releaseOrphanedLocks() {
        List<String> released = new ArrayList<>();
        for (LockInfo lock : locks.list()) { // as many as workers: one look-up each
            boolean pending = queue.get(lock.taskId()).map(TaskInfo::isPending).orElse(false);
            if (pending && locks.release(lock.taskId(), lock.workerId())) {
                log.accept("released the lock of pending task " + lock.taskId() + " (" + lock.workerId()
                        + "): left by an interrupted dispatch");
                released.add(lock.taskId());
            }
        }
        return released;
    }

    /**
     * Assigned before this master became active, and never started: its master stopped between marking it assigned
     * and delivering it (this master's own deliveries finish within its round, so they are never in that state).
     * An exec task's script reports START within milliseconds of delivery, so its absence after a few seconds is
     * proof (the grace covers a master killed just after typing the command); an agent task's START comes after the
     * delivery is verified, so it gets longer than any delivery takes.
     */
    private boolean neverStarted(TaskInfo task, Instant now) {
        if (task.status() != TaskStatus.ASSIGNED || task.assignedAt() == null
                || !Integer.valueOf(task.attempts()).equals(inherited.get(task.taskId()))) {
            return false;
        }
        Duration grace = task.command() != null ? EXEC_DELIVERY_GRACE : AGENT_DELIVERY_GRACE;
        return Duration.between(task.assignedAt(), now).compareTo(grace) > 0;
    }

    private static Map<String, Integer> assignedIn(List<TaskInfo> tasks) {
        Map<String, Integer> assigned = new HashMap<>();
        for (TaskInfo task : tasks) {
            if (task.status() == TaskStatus.ASSIGNED) assigned.put(task.taskId(), task.attempts());
        }
        return assigned;
    }

    private void keepAlive(TaskInfo task, Instant now) {
        Instant last = lastHeartbeat.get(task.taskId());
        if (last != null && Duration.between(last, now).compareTo(heartbeatEvery) < 0) return;
        String worker = task.workerId();
        if (last == null || !locks.heartbeat(task.taskId(), worker)) {
            LockResult result = locks.acquire(task.taskId(), worker);
            if (!result.acquired()) {
                log.accept("task " + task.taskId() + " runs on " + worker + " but its lock is held by "
                        + result.lock().workerId());
                return;
            }
            if (last == null) log.accept("adopted task " + task.taskId() + " running on " + worker);
        }
        lastHeartbeat.put(task.taskId(), now);
    }

    /** With {@code onlyIfAssigned}, a task that started meanwhile (a late START) keeps running. */
    private void requeue(TaskInfo task, String reason, List<TaskInfo> changed, boolean onlyIfAssigned) {
        Instant now = clock.instant();
        String worker = task.workerId();
        boolean giveUp = task.attempts() >= maxAttempts;
        Optional<TaskQueue.Change> moved = queue.change(task.taskId(), t -> { // pure: a store may run it twice
            if (!t.status().isActive() || !worker.equals(t.workerId()) || t.attempts() != task.attempts()
                    || onlyIfAssigned && t.status() != TaskStatus.ASSIGNED) {
                return t;
            }
            return giveUp ? t.finished(TaskStatus.FAILED, null, null,
                    "gave up after " + t.attempts() + " attempts: " + reason, now) : t.requeued(reason, now);
        });
        lastHeartbeat.remove(task.taskId());
        own.remove(task.taskId());
        if (moved.isEmpty()) return;
        TaskInfo stored = moved.get().after();
        locks.release(task.taskId(), worker);
        if (claims != null) claims.release(worker, task.taskId());
        // its pane is gone or ended: nothing of this run may go on beside the next
        int killed = PreviousRuns.killLeftovers(task);
        if (killed > 0) log.accept("killed " + killed + " process(es) left by task " + task.taskId() + " on " + worker);
        broadcaster.broadcastSkip(worker, task.taskId(), (giveUp ? "failed: " : "requeued: ") + reason);
        log.accept("task " + task.taskId() + (giveUp ? " failed" : " requeued") + ": " + reason);
        changed.add(stored);
    }
}
