package io.aiswarm.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Taking tasks out of the queue: `swarm task purge` (finished tasks, by status and age) and `swarm task rm` (one
 * task). Neither removes an assigned or running task, nor a task that an unfinished task still runs after (removing
 * it would leave that one blocked for ever).
 */
public final class TaskRemoval {
    private TaskRemoval() {
    }

    /** What a purge removed, and the matching tasks it kept because unfinished tasks run after them. */
    public record Purged(List<TaskInfo> removed, List<String> keptForDependents) {
    }

    /** Removes finished tasks of these statuses that ended before {@code endedBefore} (null: any time). */
    public static Purged purge(TaskQueue queue, Set<TaskStatus> statuses, Instant endedBefore) {
        for (TaskStatus s : statuses) {
            if (!s.isFinal()) {
                throw new IllegalArgumentException("--status " + s.json() + ": purge removes finished tasks only"
                        + " (done, failed, skipped, cancelled); cancel a task first, or use `swarm task rm`");
            }
        }
        Set<String> needed = neededByUnfinished(queue.list());
        List<String> kept = new ArrayList<>();
        List<TaskInfo> removed = queue.removeIf(t -> statuses.contains(t.status()) && endedBefore(t, endedBefore)
                && !needed.contains(t.taskId()));
        for (TaskInfo t : queue.list()) {
            if (statuses.contains(t.status()) && endedBefore(t, endedBefore) && needed.contains(t.taskId())) {
                kept.add(t.taskId());
            }
        }
        return new Purged(removed, kept);
    }

    /** Removes one task that is neither active nor waited for by an unfinished task. */
    public static TaskInfo remove(TaskQueue queue, String id) {
        TaskInfo task = queue.get(id).orElseThrow(() -> new SwarmStateException("no task '" + id
                + "'; `swarm task list` shows the ids"));
        if (task.status().isActive()) {
            throw new IllegalArgumentException("task '" + id + "' is " + task.status().json() + " on "
                    + task.workerId() + "; cancel it first (`swarm task cancel " + id + "`)");
        }
        List<String> waiting = new ArrayList<>();
        for (TaskInfo t : queue.list()) {
            if (!t.status().isFinal() && TaskDependencies.after(t).contains(id)) waiting.add(t.taskId());
        }
        if (!waiting.isEmpty()) {
            throw new IllegalArgumentException("task '" + id + "' is still awaited by " + String.join(", ", waiting)
                    + " (--after); remove or cancel those first");
        }
        List<TaskInfo> removed = queue.removeIf(t -> t.taskId().equals(id));
        if (removed.isEmpty()) {
            throw new SwarmStateException("task '" + id + "' changed while being removed (now "
                    + queue.get(id).map(t -> t.status().json()).orElse("gone") + "); nothing removed");
        }
        return removed.get(0);
    }

    private static boolean endedBefore(TaskInfo t, Instant cutoff) {
        if (cutoff == null) return true;
        Instant ended = t.finishedAt() != null ? t.finishedAt() : t.updatedAt();
        return ended != null && ended.isBefore(cutoff);
    }

    private static Set<String> neededByUnfinished(List<TaskInfo> tasks) {
        Set<String> needed = new HashSet<>();
        for (TaskInfo t : tasks) if (!t.status().isFinal()) needed.addAll(TaskDependencies.after(t));
        return needed;
    }
}
