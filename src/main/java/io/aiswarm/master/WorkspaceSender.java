package io.aiswarm.master;

import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.workspace.TaskWorkspace;
import io.aiswarm.workspace.WorktreeManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tasks in worktrees: before a task is delivered, its worker's worktree is put on the task's own branch and the task
 * records branch, base and worktree (where an exec task's script then runs); when a task ends, what it left is
 * committed on its branch and its integration recorded. A workspace that cannot be prepared (setup failed, base
 * branch gone, disk full, branch name taken) fails the task with the reason: retrying each round would not help.
 */
public final class WorkspaceSender implements TaskSender {
    private final TaskSender inner;
    private final WorktreeManager worktrees;
    private final TaskQueue queue;
    private final StatusBroadcaster broadcaster;
    private final Clock clock;
    private final Consumer<String> log;

    public WorkspaceSender(TaskSender inner, WorktreeManager worktrees, TaskQueue queue, StatusBroadcaster broadcaster,
                           Clock clock, Consumer<String> log) {
        this.inner = inner;
        this.worktrees = worktrees;
        this.queue = queue;
        this.broadcaster = broadcaster;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void send(TaskInfo task, String workerId) {
        TaskSender.sendAsBatch(this, task, workerId);
    }

    @Override
    public Map<String, RuntimeException> sendAll(List<Assignment> assignments) {
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        List<Assignment> ready = new ArrayList<>();
        for (Assignment a : assignments) {
            try {
                Map<String, Object> fields = worktrees.startTask(a.workerId(), a.task());
                Instant now = clock.instant();
                ready.add(new Assignment(queue.update(a.task().taskId(), t -> TaskWorkspace.with(t, fields, now)),
                        a.workerId()));
            } catch (RuntimeException e) {
                failures.put(a.task().taskId(), fail(a, e));
            }
        }
        if (!ready.isEmpty()) failures.putAll(inner.sendAll(ready));
        return failures;
    }

    @Override
    public boolean canRun(TaskInfo task, String workerId) {
        return inner.canRun(task, workerId);
    }

    @Override
    public void ended(TaskInfo task) {
        inner.ended(task);
    }

    @Override
    public boolean runsIn(TaskInfo task, io.aiswarm.tmux.AgentPane pane) {
        return inner.runsIn(task, pane);
    }

    @Override
    public void quiet() {
        inner.quiet();
    }

    @Override
    public void sweep(java.util.Set<String> activeTaskIds) {
        inner.sweep(activeTaskIds);
    }

    /**
     * Tasks that ended: leftovers committed on their branches, integration recorded. Returns the tasks as stored
     * now. A problem is logged only: the task's end stands.
     */
    public List<TaskInfo> finished(List<TaskInfo> tasks) {
        List<TaskInfo> now = new ArrayList<>(tasks.size());
        for (TaskInfo task : tasks) {
            TaskInfo stored = task;
            if (TaskWorkspace.branch(task) != null) {
                try {
                    Map<String, Object> fields = worktrees.finishTask(task);
                    Instant at = clock.instant();
                    if (!fields.isEmpty()) stored = queue.update(task.taskId(), t -> TaskWorkspace.with(t, fields, at));
                } catch (RuntimeException e) {
                    log.accept("could not close the workspace of " + task.taskId() + ": " + e.getMessage());
                }
            }
            now.add(stored);
        }
        return now;
    }

    /** The task fails (it stays failed: the dispatcher's roll-back only requeues a task still assigned). */
    private RuntimeException fail(Assignment a, RuntimeException e) {
        String id = a.task().taskId();
        String reason = "workspace: " + e.getMessage();
        Instant now = clock.instant();
        queue.update(id, t -> t.status() == TaskStatus.ASSIGNED && a.workerId().equals(t.workerId())
                ? t.finished(TaskStatus.FAILED, null, null, reason, now) : t);
        broadcaster.broadcastError(a.workerId(), id, firstLine(reason));
        log.accept(id + " failed: " + reason);
        return new IllegalStateException(reason, e);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
