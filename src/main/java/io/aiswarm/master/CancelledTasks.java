package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.LockInfo;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import java.util.function.Consumer;

/**
 * Frees the workers of tasks that ended outside the master, typically `swarm task cancel`: a cancelled task
 * still running in an alive pane is interrupted (Ctrl-C, as a person would), and the lock of any finished
 * task is released so its worker is idle again at once instead of after the lock's TTL.
 */
final class CancelledTasks {
    private final TaskQueue queue;
    private final TaskLockManager locks;
    private final StatusBroadcaster broadcaster;
    private final WorkerPanes panes;
    private final Consumer<String> log;

    CancelledTasks(TaskQueue queue, TaskLockManager locks, StatusBroadcaster broadcaster, WorkerPanes panes,
                   Consumer<String> log) {
        this.queue = queue;
        this.locks = locks;
        this.broadcaster = broadcaster;
        this.panes = panes;
        this.log = log;
    }

    void apply(MasterScanner.Scan scan) {
        for (LockInfo lock : locks.list()) { // as many as workers: one look-up each
            TaskInfo task = queue.get(lock.taskId()).orElse(null);
            if (task == null || !task.status().isFinal()) continue;
            String worker = lock.workerId();
            boolean cancelled = task.status() == TaskStatus.CANCELLED;
            if (cancelled && panes != null && stillRunning(scan.workers().get(worker), task.taskId())) {
                panes.sendKey(worker, "C-c");
                log.accept("interrupted cancelled task " + task.taskId() + " on " + worker);
            }
            if (locks.release(task.taskId(), worker) && cancelled) {
                broadcaster.broadcastSkip(worker, task.taskId(), "cancelled");
                log.accept("task " + task.taskId() + " was cancelled; " + worker + " is free");
            }
        }
    }

    private static boolean stillRunning(WorkerStatus status, String taskId) {
        if (status == null || status.pane() != PaneState.ALIVE || !taskId.equals(status.taskId())) return false;
        BroadcastState state = status.state();
        return state != BroadcastState.DONE && state != BroadcastState.ERROR && state != BroadcastState.SKIP;
    }
}
