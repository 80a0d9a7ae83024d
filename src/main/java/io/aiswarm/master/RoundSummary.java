package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import java.time.Instant;
import java.util.List;

/** What one round of the master did, and the queue and workers after it. */
public record RoundSummary(Instant at, List<DispatchResult> dispatched, List<TaskInfo> finished,
                           List<TaskInfo> requeued, int pending, int active, int done, int failed,
                           int idleWorkers, int busyWorkers) {
    /** Nothing pending and nothing running: the queue is drained. */
    public boolean drained() {
        return pending == 0 && active == 0;
    }

    public boolean changedAnything() {
        return !dispatched.isEmpty() || !finished.isEmpty() || !requeued.isEmpty();
    }

    public String line() {
        return String.format("queue: %d pending, %d running, %d done, %d failed | workers: %d idle, %d busy",
                pending, active, done, failed, idleWorkers, busyWorkers);
    }
}
