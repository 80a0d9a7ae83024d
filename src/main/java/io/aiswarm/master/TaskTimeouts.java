package io.aiswarm.master;

import io.aiswarm.state.Durations;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskSchedule;
import io.aiswarm.tmux.AgentPane;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stops tasks that ran longer than their {@code timeout}: an exec task gets Ctrl-C and then what is left of its
 * pane's process tree is killed; an agent's turn is interrupted (Escape) and the agent itself kept. The attempt
 * ends failed with the reason (or is queued again when it has retries left) and its worker is free at once.
 */
final class TaskTimeouts {
    private final TaskQueue queue;
    private final TaskLockManager locks;
    private final StatusBroadcaster broadcaster;
    private final WorkerPanes panes;
    private final PaneClaims claims;
    private final Clock clock;
    private final Consumer<String> log;

    TaskTimeouts(TaskQueue queue, TaskLockManager locks, StatusBroadcaster broadcaster, WorkerPanes panes,
                 PaneClaims claims, Clock clock, Consumer<String> log) {
        this.queue = queue;
        this.locks = locks;
        this.broadcaster = broadcaster;
        this.panes = panes;
        this.claims = claims;
        this.clock = clock;
        this.log = log;
    }

    /** Stops the active tasks past their time limit; returns them as stored after (failed, or pending to retry). */
    List<TaskInfo> apply(List<TaskInfo> active) {
        Instant now = clock.instant();
        List<TaskInfo> stopped = new ArrayList<>();
        for (TaskInfo task : active) {
            Optional<Duration> limit = TaskSchedule.timeout(task);
            Instant since = task.startedAt() != null ? task.startedAt() : task.assignedAt();
            if (limit.isEmpty() || since == null || since.plus(limit.get()).isAfter(now)) continue;
            String reason = "timed out after " + Durations.format(limit.get());
            Optional<TaskQueue.Change> change = queue.change(task.taskId(), t -> !t.status().isActive()
                    || !task.workerId().equals(t.workerId()) || t.attempts() != task.attempts() ? t
                    : TaskSchedule.failed(t, null, TaskCompletions.resultFile(t), reason, true, now));
            if (change.isEmpty()) continue;
            String worker = task.workerId();
            interrupt(task, worker);
            locks.release(task.taskId(), worker);
            claims.release(worker, task.taskId());
            broadcaster.broadcastSkip(worker, task.taskId(), reason);
            TaskInfo after = change.get().after();
            log.accept("task " + task.taskId() + " on " + worker + " " + reason + "; " + (after.isPending()
                    ? "it will be retried (" + after.error() + ")" : "it failed") + "; " + worker + " is free");
            stopped.add(after);
        }
        return stopped;
    }

    private void interrupt(TaskInfo task, String worker) {
        if (panes == null) return;
        try {
            if (task.command() == null) {
                panes.sendKey(worker, "Escape"); // the agent's turn stops; the agent stays
                return;
            }
            panes.sendKey(worker, "C-c");
            for (AgentPane pane : panes.panes(false)) {
                if (pane.workerId().equals(worker) && !pane.dead()) killTree(pane.pid());
            }
        } catch (RuntimeException e) {
            log.accept("could not stop timed-out task " + task.taskId() + " on " + worker + ": " + e.getMessage());
        }
    }

    /** What Ctrl-C left running under the pane's shell; the shell itself reports the end and waits for the next run. */
    private static void killTree(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
    }
}
