package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.WorkerClaims;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The dispatcher's side of {@link WorkerClaims}: a worker is claimed for a task before its pane is started. A claim
 * stands while its task is active on that worker. It is stale, and another task may take the worker, once its task
 * has ended (or is gone), or, when its task is pending or on another worker (a dispatch that stopped half-way), once
 * it is older than {@link #GRACE}: a dispatch in progress takes milliseconds, never that long.
 */
final class PaneClaims {
    static final Duration GRACE = Duration.ofSeconds(30);

    private final WorkerClaims claims;
    private final TaskQueue queue;
    private final Clock clock;
    private final LongSupplier epoch;

    PaneClaims(WorkerClaims claims, TaskQueue queue, Clock clock, LongSupplier epoch) {
        this.claims = claims;
        this.queue = queue;
        this.clock = clock;
        this.epoch = epoch;
    }

    /** True when a claim for another task than {@code taskId} still stands on this worker. */
    boolean heldByOther(String workerId, String taskId) {
        Optional<WorkerClaims.Claim> c = claims.read(workerId);
        return c.isPresent() && !c.get().taskId().equals(taskId) && !stale(c.get());
    }

    /** Claims the worker for the task's next attempt; false when another task's claim stands. */
    boolean claim(String workerId, TaskInfo task) {
        return claims.claim(workerId, task.taskId(), task.attempts() + 1, epoch.getAsLong(), clock.instant(),
                this::stale);
    }

    /** Claims the worker for the attempt the task was just assigned for (by a store that claims tasks itself). */
    boolean claimAssigned(String workerId, TaskInfo task) {
        return claims.claim(workerId, task.taskId(), task.attempts(), epoch.getAsLong(), clock.instant(),
                this::stale);
    }

    void release(String workerId, String taskId) {
        claims.release(workerId, taskId);
    }

    private boolean stale(WorkerClaims.Claim c) {
        Optional<TaskInfo> task = queue.get(c.taskId());
        if (task.isEmpty() || task.get().status().isFinal()) return true;
        if (task.get().status().isActive() && c.workerId().equals(task.get().workerId())) return false;
        return Duration.between(c.at(), clock.instant()).compareTo(GRACE) > 0;
    }
}
