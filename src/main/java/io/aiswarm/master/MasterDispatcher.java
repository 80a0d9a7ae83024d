package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskClaims;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskSchedule;
import io.aiswarm.state.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Gives pending tasks to idle workers, queue order (priority, then FIFO). Each dispatch takes the task's lock
 * (create-new) first, so a task never runs twice even with several masters; a worker gets at most one task
 * at a time (checked under the task lock, against its other live locks). A delivery that certainly did not start
 * the task is rolled back: lock released, task pending again (or failed once its attempts are used up: a roll-back
 * counts as an attempt, so nothing repeats without limit), the failure logged. A delivery that may have started
 * the task (tmux did not answer) is never rolled back: the task stays assigned and recovery decides.
 */
public final class MasterDispatcher {
    /**
     * A round considers at most this many pending tasks (queue order): far more than a swarm has free workers, and
     * a network store sends no more than that.
     */
    static final int PENDING_PER_ROUND = 1000;
    private final TaskQueue queue;
    private final TaskLockManager locks;
    private final StatusBroadcaster broadcaster;
    private final TaskSender sender;
    private final Clock clock;
    private final Consumer<String> log;
    private final int maxAttempts;
    /** Worker claims (null: none, a single master in tests) and whether this master may still dispatch. */
    private PaneClaims paneClaims;
    private BooleanSupplier mayDispatch = () -> true;
    private final PreviousRuns previousRuns;
    /** The store's own claims (a database), or null: the master locks each task itself. */
    private TaskClaims storeClaims;

    public MasterDispatcher(TaskQueue queue, TaskLockManager locks, StatusBroadcaster broadcaster, TaskSender sender,
                            Clock clock, Consumer<String> log) {
        this(queue, locks, broadcaster, sender, clock, log, SwarmConfig.DEFAULT_MAX_ATTEMPTS);
    }

    public MasterDispatcher(TaskQueue queue, TaskLockManager locks, StatusBroadcaster broadcaster, TaskSender sender,
                            Clock clock, Consumer<String> log, int maxAttempts) {
        this.maxAttempts = maxAttempts;
        this.previousRuns = new PreviousRuns(clock, log);
        this.queue = queue;
        this.locks = locks;
        this.broadcaster = broadcaster;
        this.sender = sender;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Coordinates with other masters: each worker is claimed before its task is delivered, and nothing is delivered
     * once {@code mayDispatch} says this master lost its lease.
     */
    void coordinate(PaneClaims claims, BooleanSupplier mayDispatch) {
        this.paneClaims = claims;
        this.mayDispatch = mayDispatch;
    }

    /**
     * Pending tasks are taken by the store's claims (one transaction per round, see {@link TaskClaims}) instead of a
     * lock per task: a store shared by several machines.
     */
    public MasterDispatcher claimingThrough(TaskClaims claims) {
        this.storeClaims = claims;
        return this;
    }

    /**
     * Idle: DONE, SKIP or ERROR with no live lock; or alive (a heartbeat) with no active task, such as START
     * without a task id or a fresh pane that never reported. WAIT, HELP, ASSIGNED and START with a task are
     * busy; a dead worker is never idle.
     */
    public static boolean isWorkerIdle(WorkerStatus status) {
        if (status == null || status.isDead() || status.holdsLiveLock()) return false;
        BroadcastState state = status.state();
        if (state == BroadcastState.DONE || state == BroadcastState.SKIP || state == BroadcastState.ERROR) return true;
        if (state == BroadcastState.WAIT || state == BroadcastState.HELP || state == BroadcastState.ASSIGNED) {
            return false;
        }
        return status.heartbeat() != null && !status.hasTask();
    }

    /**
     * Every idle worker gets the first task it can take, until workers or pending tasks run out. The round's
     * tasks are locked one by one (create-new), marked assigned in one write of the queue, announced, then
     * delivered together: a round of N dispatches costs one queue write and one delivery batch, not N.
     */
    public List<DispatchResult> dispatchAll(Map<String, WorkerStatus> statuses) {
        return dispatchAll(statuses, queue.active());
    }

    /**
     * {@link #dispatchAll(Map)} with the round's view of the active tasks (a worker with one gets no other). The
     * pending tasks are asked for only when a worker is free: a quiet round reads neither them nor the locks.
     */
    public List<DispatchResult> dispatchAll(Map<String, WorkerStatus> statuses, List<TaskInfo> active) {
        Set<String> busy = workersWithActiveTasks(active);
        if (statuses.values().stream().noneMatch(s -> isWorkerIdle(s) && !busy.contains(s.workerId()))) {
            return List.of();
        }
        if (storeClaims != null) return dispatchClaimed(statuses, busy);
        List<TaskInfo> pending = new ArrayList<>(queue.pending(PENDING_PER_ROUND));
        if (pending.isEmpty()) return List.of();
        Map<String, String> lockedTaskOf = liveLockedTaskByWorker(clock.instant());
        Predicate<TaskInfo> ready = readyNow();
        List<Claim> claims = new ArrayList<>();
        List<DispatchResult> results = new ArrayList<>();
        for (WorkerStatus status : statuses.values()) {
            if (pending.isEmpty()) break;
            String worker = status.workerId();
            if (!isWorkerIdle(status) || busy.contains(worker)) continue;
            if (lockedTaskOf.containsKey(worker)) {
                results.add(alreadyHolds(worker, lockedTaskOf.get(worker)));
                continue;
            }
            claimFrom(pending, worker, ready).ifPresent(claims::add);
        }
        results.addAll(dispatchClaims(claims));
        return results;
    }

    /**
     * The store claims tasks for the idle workers (stored as assigned when it returns); each worker is then claimed for
     * its task (see {@link PaneClaims}) and the tasks are delivered. A worker another master claimed gets nothing.
     */
    private List<DispatchResult> dispatchClaimed(Map<String, WorkerStatus> statuses, Set<String> busy) {
        if (!mayDispatch.getAsBoolean()) return List.of();
        List<String> idle = new ArrayList<>();
        for (WorkerStatus status : statuses.values()) {
            String worker = status.workerId();
            if (!isWorkerIdle(status) || busy.contains(worker)) continue;
            if (paneClaims != null && paneClaims.heldByOther(worker, null)) continue;
            idle.add(worker);
        }
        if (idle.isEmpty()) return List.of();
        List<Claim> claims = new ArrayList<>();
        Map<String, TaskInfo> assigned = new HashMap<>();
        Predicate<TaskInfo> ready = readyNow();
        List<DispatchResult> results = new ArrayList<>();
        for (TaskInfo task : storeClaims.claim(idle, (t, w) -> ready.test(t) && sender.canRun(t, w))) {
            if (paneClaims != null && !paneClaims.claimAssigned(task.workerId(), task)) {
                results.add(rolledBack(task, task.workerId(), new IllegalStateException("worker "
                        + task.workerId() + " was claimed for another task meanwhile")));
                continue;
            }
            claims.add(new Claim(task, task.workerId(), false));
            assigned.put(task.taskId(), task);
        }
        results.addAll(deliver(claims, assigned));
        return results;
    }

    /**
     * Locks the first pending task this worker can run and claims the worker for it; tasks found locked by others
     * leave {@code pending}. A worker claimed for another task (by another master) gets nothing.
     */
    private Optional<Claim> claimFrom(List<TaskInfo> pending, String workerId, Predicate<TaskInfo> ready) {
        for (int i = 0; i < pending.size(); i++) {
            TaskInfo task = pending.get(i);
            if (!ready.test(task) || !sender.canRun(task, workerId)) continue;
            if (!previousRuns.gone(task)) { // its last run still lives: not this round, for no worker
                pending.remove(i--);
                continue;
            }
            if (paneClaims != null && paneClaims.heldByOther(workerId, task.taskId())) return Optional.empty();
            pending.remove(i);
            LockResult lock = locks.acquire(task.taskId(), workerId);
            if (!lock.acquired()) {
                i--;
                continue;
            }
            if (paneClaims != null && !paneClaims.claim(workerId, task)) {
                if (isFresh(lock)) locks.release(task.taskId(), workerId);
                pending.add(i, task); // another worker may take it
                return Optional.empty();
            }
            return Optional.of(new Claim(task, workerId, isFresh(lock)));
        }
        return Optional.empty();
    }

    /**
     * Whether a pending task may run now: its time has come ({@link TaskSchedule}) and every task it runs after is done
     * ({@link TaskDependencies}); each dependency is looked up once a round.
     */
    private Predicate<TaskInfo> readyNow() {
        Instant now = clock.instant();
        Map<String, Optional<TaskInfo>> seen = new HashMap<>();
        return task -> TaskSchedule.due(task, now)
                && TaskDependencies.satisfied(task, id -> seen.computeIfAbsent(id, queue::get));
    }

    /** Undoes a claim and its task lock (the task was not assigned). */
    private void unclaim(Claim claim) {
        String taskId = claim.task().taskId();
        if (claim.fresh()) locks.release(taskId, claim.workerId());
        if (paneClaims != null) paneClaims.release(claim.workerId(), taskId);
    }

    /** Locked tasks: marked assigned in one write, announced, delivered together; a failed delivery rolls back alone. */
    private List<DispatchResult> dispatchClaims(List<Claim> claims) {
        if (claims.isEmpty()) return List.of();
        if (!mayDispatch.getAsBoolean()) {
            claims.forEach(this::unclaim);
            log.accept("the master lease was lost: nothing dispatched");
            return List.of();
        }
        return deliver(claims, markAssigned(claims, clock.instant()));
    }

    /** Tasks marked assigned ({@code assigned}, by id): announced, delivered together; a failed delivery rolls back. */
    private List<DispatchResult> deliver(List<Claim> claims, Map<String, TaskInfo> assigned) {
        List<DispatchResult> results = new ArrayList<>();
        List<TaskSender.Assignment> deliveries = new ArrayList<>();
        for (Claim claim : claims) {
            String taskId = claim.task().taskId();
            TaskInfo marked = assigned.get(taskId);
            if (marked == null) {
                unclaim(claim);
                results.add(DispatchResult.failed(taskId, claim.workerId(), "task " + taskId + " is no longer pending"));
                continue;
            }
            broadcaster.broadcastAssigned(claim.workerId(), taskId, "assigned " + taskId,
                    Map.of("attempt", marked.attempts()));
            deliveries.add(new TaskSender.Assignment(marked, claim.workerId()));
        }
        Map<String, RuntimeException> failures = deliveries.isEmpty() ? Map.of() : sender.sendAll(deliveries);
        for (TaskSender.Assignment delivery : deliveries) {
            String taskId = delivery.task().taskId();
            RuntimeException failure = failures.get(taskId);
            if (failure == null) {
                results.add(DispatchResult.dispatched(taskId, delivery.workerId(), delivery.task().attempts()));
            } else if (failure instanceof DeliveryUncertainException) {
                String reason = "task " + taskId + " may have started on " + delivery.workerId() + " ("
                        + failure.getMessage() + "); it stays assigned until its pane shows what happened";
                log.accept(reason);
                results.add(DispatchResult.uncertain(taskId, delivery.workerId(), reason, delivery.task().attempts()));
            } else {
                results.add(rolledBack(delivery.task(), delivery.workerId(), failure));
            }
        }
        return results;
    }

    /**
     * One write: every claimed task still pending becomes assigned to its worker. The update function is pure (a
     * store may apply it more than once); what it assigned is what the store reports changed. Returns them by id.
     */
    private Map<String, TaskInfo> markAssigned(List<Claim> claims, Instant now) {
        Map<String, String> workerOf = new HashMap<>();
        for (Claim claim : claims) workerOf.put(claim.task().taskId(), claim.workerId());
        try {
            Map<String, TaskInfo> assigned = new HashMap<>();
            for (TaskQueue.Change c : queue.updateUnfinished(t -> {
                String worker = workerOf.get(t.taskId());
                return worker == null || !t.isPending() ? t : t.assignedTo(worker, now);
            })) {
                assigned.put(c.after().taskId(), c.after());
            }
            return assigned;
        } catch (SwarmStateException e) {
            claims.forEach(this::unclaim);
            throw e;
        }
    }

    private DispatchResult rolledBack(TaskInfo task, String workerId, RuntimeException failure) {
        String taskId = task.taskId();
        String reason = "sending task " + taskId + " to " + workerId + " failed: " + failure.getMessage();
        rollBack(task, workerId, reason);
        return DispatchResult.failed(taskId, workerId, reason);
    }

    /** The live task lock each worker holds (a worker runs one task at a time). */
    private Map<String, String> liveLockedTaskByWorker(Instant now) {
        Map<String, String> taskOf = new HashMap<>();
        for (LockInfo lock : locks.list()) if (!lock.isExpired(now)) taskOf.put(lock.workerId(), lock.taskId());
        return taskOf;
    }

    private static DispatchResult alreadyHolds(String workerId, String taskId) {
        return DispatchResult.failed(null, workerId, "worker " + workerId + " already holds the lock of task " + taskId);
    }

    /** A lock this call created (not one the worker already held), so a failure must release it. */
    private static boolean isFresh(LockResult lock) {
        return lock.outcome() != LockResult.Outcome.ALREADY_HELD;
    }

    /**
     * The task certainly did not start: it goes back to pending in its place with this attempt counted (or fails
     * when the attempts are used up), the lock is freed, the worker reset.
     */
    private void rollBack(TaskInfo task, String workerId, String reason) {
        Instant now = clock.instant();
        String taskId = task.taskId();
        boolean giveUp = task.attempts() >= maxAttempts;
        TaskStatus after = null;
        try {
            after = queue.update(taskId, t -> t.status() != TaskStatus.ASSIGNED || !workerId.equals(t.workerId())
                    || t.attempts() != task.attempts() ? t
                    : giveUp ? t.finished(TaskStatus.FAILED, null, null, "gave up after " + t.attempts()
                            + " attempts: " + reason, now) : t.requeued(reason, now)).status();
        } finally {
            locks.release(taskId, workerId);
            if (paneClaims != null) paneClaims.release(workerId, taskId);
            sender.ended(task);
            broadcaster.broadcastSkip(workerId, taskId, "not delivered: " + reason);
            // a sender may have settled the task itself (a workspace that cannot be prepared fails it)
            log.accept(reason + "; task " + taskId + (after == null || after == TaskStatus.PENDING ? " is pending again"
                    : " is " + after.json()));
        }
    }

    private static Set<String> workersWithActiveTasks(List<TaskInfo> tasks) {
        Set<String> busy = new HashSet<>();
        for (TaskInfo task : tasks) if (task.status().isActive() && task.workerId() != null) busy.add(task.workerId());
        return busy;
    }

    /** A task locked for a worker in this round; {@code fresh} when this round created the lock. */
    private record Claim(TaskInfo task, String workerId, boolean fresh) {
    }
}
