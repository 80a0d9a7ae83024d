package io.aiswarm.master;

import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The tasks of a worker whose pane a person restarted go back to the queue, as those of a lost worker do: in their
 * place, attempts counted (the attempt that died counts), failed once {@code maxAttempts} were used. Only a task still
 * active on this worker and attempt moves, so a finish that came first wins.
 */
public final class WorkerRestart {
    private WorkerRestart() {
    }

    public static List<TaskInfo> requeueTasksOf(String workerId, String reason, TaskQueue queue, TaskLockManager locks,
                                                StatusBroadcaster broadcaster, int maxAttempts, Clock clock) {
        List<TaskInfo> moved = new ArrayList<>();
        for (TaskInfo task : queue.active()) {
            if (!workerId.equals(task.workerId())) continue;
            Instant now = clock.instant();
            boolean giveUp = task.attempts() >= maxAttempts;
            AtomicBoolean changed = new AtomicBoolean();
            TaskInfo stored = queue.update(task.taskId(), t -> {
                if (!t.status().isActive() || !workerId.equals(t.workerId()) || t.attempts() != task.attempts()) return t;
                changed.set(true);
                return giveUp ? t.finished(TaskStatus.FAILED, null, null, "gave up after " + t.attempts()
                        + " attempts: " + reason, now) : t.requeued(reason, now);
            });
            if (!changed.get()) continue;
            locks.release(task.taskId(), workerId);
            broadcaster.broadcastSkip(workerId, task.taskId(), (giveUp ? "failed: " : "requeued: ") + reason);
            moved.add(stored);
        }
        return moved;
    }
}
