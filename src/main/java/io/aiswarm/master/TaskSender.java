package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Delivers an assigned task to its worker: exec workers run a script in their pane, agents get a prompt. */
public interface TaskSender {
    /**
     * Delivers {@code task} (already marked assigned); throws when it could not. A
     * {@link DeliveryUncertainException} says the task may have started anyway: it then stays assigned. Any other
     * failure says it certainly did not start, and the dispatcher puts it back (counting the attempt).
     */
    void send(TaskInfo task, String workerId);

    /**
     * Delivers several assigned tasks, each to its own worker; returns the failures by task id (the others were
     * delivered). One after another unless a sender can do better.
     */
    default Map<String, RuntimeException> sendAll(List<Assignment> assignments) {
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        for (Assignment a : assignments) {
            try {
                send(a.task(), a.workerId());
            } catch (RuntimeException e) {
                failures.put(a.task().taskId(), e);
            }
        }
        return failures;
    }

    /** {@link #send} for a sender whose real work is {@link #sendAll}: one task as a batch of one. */
    static void sendAsBatch(TaskSender sender, TaskInfo task, String workerId) {
        RuntimeException failed = sender.sendAll(List.of(new Assignment(task, workerId))).get(task.taskId());
        if (failed != null) throw failed;
    }

    /** An assigned task and the worker it goes to. */
    record Assignment(TaskInfo task, String workerId) {
    }

    /** This attempt of the task ended (finished, requeued or rolled back): what was kept for it can go. */
    default void ended(TaskInfo task) {
    }

    /**
     * A round changed nothing (no task ended, none was dispatched), or the master stops: a moment for clean-up that
     * would cost a busy swarm more than a quiet one.
     */
    default void quiet() {
    }

    /** At start: what is kept for tasks not in {@code activeTaskIds} was left by an earlier master and can go. */
    default void sweep(java.util.Set<String> activeTaskIds) {
    }

    /**
     * Whether {@code pane} still runs the process {@code task} was given to. An agent's pane restarted since the prompt
     * was delivered (swarm down and up, swarm restart) runs a fresh agent that never got it: the task must go back to
     * the queue, not be adopted for ever. True when the sender cannot tell.
     */
    default boolean runsIn(TaskInfo task, io.aiswarm.tmux.AgentPane pane) {
        return true;
    }

    /** Whether this worker can run this kind of task (an exec worker runs commands, not prompts). */
    default boolean canRun(TaskInfo task, String workerId) {
        return true;
    }
}
