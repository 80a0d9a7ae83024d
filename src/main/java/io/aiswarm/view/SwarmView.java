package io.aiswarm.view;

import io.aiswarm.master.QueueNotes;
import io.aiswarm.state.TaskInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The read model behind the live views (web page, `swarm top`, `swarm status` through the master): a snapshot of
 * the workers, their HELP items and the queue's totals, the recent status events, and a change signal. The master
 * feeds it ({@link LiveView}); a shared store can feed another implementation later without the views changing.
 */
public interface SwarmView {
    /** The swarm as of the master's last round. */
    ViewSnapshot snapshot();

    /**
     * Waits until the view's version is past {@code version}, or {@code timeout} passed; returns the version then.
     * What the event streams sleep on: a quiet swarm wakes nobody.
     */
    long awaitChange(long version, Duration timeout) throws InterruptedException;

    /** Recent status events after {@code seq}, oldest first (see {@link EventBatch#complete()}). */
    EventBatch eventsAfter(long seq);

    /** Every task, in queue order. */
    List<TaskInfo> tasks();

    Optional<TaskInfo> task(String taskId);

    /** The end of a task's result log (at most {@code maxBytes}); empty when it has none yet. */
    Optional<String> resultTail(String taskId, int maxBytes);

    /**
     * What a task changed on its branch (diff stat, then the diff cut to {@code maxChars}); empty when the task has no
     * branch (the swarm runs without worktrees, or it has not started).
     */
    default Optional<String> diff(String taskId, int maxChars) {
        return Optional.empty();
    }

    /** The last {@code lines} lines of a worker's pane, read now; empty when the worker has no pane. */
    Optional<String> pane(String workerId, int lines);

    /**
     * Events after a sequence number.
     *
     * @param complete false when events after the asked number were already dropped (the caller missed some and
     *                 should start again from a snapshot)
     */
    record EventBatch(List<ViewEvent> events, boolean complete) {
    }

    /** The declined count and the blocked and unroutable tasks, read now (see {@link QueueNotes}). */
    default QueueNotes queueNotes() {
        return QueueNotes.NONE;
    }
}
