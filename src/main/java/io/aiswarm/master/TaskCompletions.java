package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskSchedule;
import io.aiswarm.state.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves tasks along from the workers' status lines: START makes an assigned task running, DONE and ERROR finish
 * it (status, exit code, result file) and free its lock; a failure with retries left goes back to the queue instead
 * (see {@link TaskSchedule}). A line counts only from the task's current worker and,
 * when it names an attempt, the current attempt: a late report of an attempt given up on changes nothing.
 * All lines of one scan go into one write of tasks.json.
 */
final class TaskCompletions {
    private final TaskQueue queue;
    private final TaskLockManager locks;
    private final Clock clock;
    /** Lines whose write has not succeeded yet, in order. */
    private final List<StatusEvent> unapplied = new ArrayList<>();

    TaskCompletions(TaskQueue queue, TaskLockManager locks, Clock clock) {
        this.queue = queue;
        this.locks = locks;
        this.clock = clock;
    }

    /** What a scan's lines did: tasks that finished (done or failed), and failed ones queued again to retry. */
    record Outcome(List<TaskInfo> finished, List<TaskInfo> retried) {
        static final Outcome NONE = new Outcome(List.of(), List.of());
    }

    /**
     * Applies the events; returns the tasks that finished because of them, and those that will be retried. When the
     * write fails (the store is away, its lease lapsed), the lines are kept and applied with the next call's: a
     * follower returns each line once, and a DONE lost with a failed round would have its task run again.
     */
    Outcome apply(List<StatusEvent> fresh) {
        for (StatusEvent event : fresh) {
            if (event.hasTask() && (event.state() == BroadcastState.START || isEnd(event.state()))) {
                unapplied.add(event);
            }
        }
        List<StatusEvent> events = List.copyOf(unapplied);
        Map<String, List<StatusEvent>> byTask = new HashMap<>();
        for (StatusEvent event : events) byTask.computeIfAbsent(event.taskId(), k -> new ArrayList<>()).add(event);
        if (byTask.isEmpty()) return Outcome.NONE;
        Instant now = clock.instant();
        // read /proc once, outside the update function, which must be pure
        Map<Long, Long> startTicks = new HashMap<>();
        for (StatusEvent event : events) {
            if (event.state() == BroadcastState.START && event.meta().get("pid") instanceof Number pid) {
                startTicks.put(pid.longValue(), ProcessGroups.startTicks(pid.longValue()));
            }
        }
        List<TaskInfo> finished = new ArrayList<>();
        List<TaskInfo> retried = new ArrayList<>();
        for (TaskQueue.Change change : queue.updateUnfinished(task -> {
            List<StatusEvent> mine = byTask.get(task.taskId());
            if (mine == null) return task;
            TaskInfo current = task;
            for (StatusEvent event : mine) current = applyOne(current, event, now, startTicks);
            return current;
        })) {
            if (change.after().status().isFinal()) finished.add(change.after());
            else if (change.after().isPending() && change.before().status().isActive()) retried.add(change.before());
        }
        unapplied.clear();
        for (TaskInfo task : finished) locks.release(task.taskId(), task.workerId());
        for (TaskInfo task : retried) locks.release(task.taskId(), task.workerId());
        return new Outcome(finished, retried);
    }

    /** Pure: the store may apply it more than once. */
    private static TaskInfo applyOne(TaskInfo task, StatusEvent event, Instant now, Map<Long, Long> startTicks) {
        if (!task.status().isActive() || !event.workerId().equals(task.workerId())) return task;
        Object attempt = event.meta().get("attempt");
        if (attempt instanceof Number n && n.intValue() != task.attempts()) return task;
        if (event.state() == BroadcastState.START) {
            if (task.status() != TaskStatus.ASSIGNED) return task;
            TaskInfo running = task.running(event.ts());
            // an exec task's START names its process group (the task runs again only once that group is gone) and,
            // from a runner, the runner: the task lives only as long as that runner
            return event.meta().get("pid") instanceof Number pid
                    ? ProcessGroups.recorded(running, pid.longValue(), startTicks.getOrDefault(pid.longValue(), -1L),
                            event.meta().get("runner") instanceof Number r ? r.longValue() : null)
                    : running;
        }
        Integer exit = event.meta().get("exit_code") instanceof Number n ? n.intValue() : null;
        if (event.state() == BroadcastState.DONE) return task.finished(TaskStatus.DONE, exit, resultFile(task), null, now);
        // a person's refusal of a permission is never retried by itself
        boolean declined = event.meta().containsKey("declined")
                || event.message() != null && event.message().startsWith(TaskInfo.DECLINED);
        return TaskSchedule.failed(task, exit, resultFile(task), event.message(), !declined, now);
    }

    static String resultFile(TaskInfo task) {
        return task.command() != null ? "results/" + task.taskId() + ".log" : task.resultFile();
    }

    private static boolean isEnd(BroadcastState state) {
        return state == BroadcastState.DONE || state == BroadcastState.ERROR;
    }
}
