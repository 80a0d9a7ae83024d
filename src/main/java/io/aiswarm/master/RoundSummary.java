package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import java.time.Instant;
import java.util.List;

/** What one round of the master did, and the queue and workers after it. */
public record RoundSummary(Instant at, List<DispatchResult> dispatched, List<TaskInfo> finished,
                           List<TaskInfo> requeued, int pending, int active, int done, int failed,
                           int idleWorkers, int busyWorkers, int blocked) {
    /**
     * Nothing running and nothing pending that could still run (pending tasks whose dependency failed are
     * {@code blocked}, counted only when nothing runs): the queue is drained.
     */
    public boolean drained() {
        return pending - blocked == 0 && active == 0;
    }

    public boolean changedAnything() {
        return !dispatched.isEmpty() || !finished.isEmpty() || !requeued.isEmpty();
    }

    public String line() {
        return String.format("queue: %d pending%s, %d running, %d done, %d failed | workers: %d idle, %d busy",
                pending, blocked > 0 ? " (" + blocked + " blocked)" : "", active, done, failed, idleWorkers,
                busyWorkers);
    }
}
