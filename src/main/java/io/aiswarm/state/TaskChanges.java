package io.aiswarm.state;

import java.time.Instant;

/** What a person may do to a queued task: cancel it or run it again. One rule for the CLI, the web and `swarm top`. */
public final class TaskChanges {
    private TaskChanges() {
    }

    /** A pending, assigned or running task becomes cancelled (the master stops a running one when it sees it). */
    public static TaskInfo cancel(TaskQueue queue, String id, Instant now) {
        return queue.update(id, task -> {
            if (task.status().isFinal()) {
                throw new IllegalArgumentException("task '" + id + "' is already " + task.status().json()
                        + "; nothing to cancel");
            }
            return task.finished(TaskStatus.CANCELLED, null, null, "cancelled by the user", now);
        });
    }

    /** A finished task (done, failed, skipped, cancelled) goes back to the queue with its attempts reset to 0. */
    public static TaskInfo retry(TaskQueue queue, String id, Instant now) {
        return queue.update(id, task -> {
            if (!task.status().isFinal()) {
                throw new IllegalArgumentException("task '" + id + "' is " + task.status().json()
                        + "; only a finished task can be retried (cancel it first)");
            }
            TaskInfo again = task.requeued("retried by the user", now);
            return new TaskInfo(again.taskId(), again.command(), again.prompt(), again.priority(), again.status(),
                    again.seq(), 0, null, again.createdAt(), again.updatedAt(), null, null, null, null,
                    again.resultFile(), again.error(), again.extra());
        });
    }
}
