package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Delivers an assigned task to its worker: exec workers run a script in their pane, agents get a prompt. */
public interface TaskSender {
    /** Delivers {@code task} (already marked assigned); throws when it could not, and the dispatcher rolls back. */
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

    /** An assigned task and the worker it goes to. */
    record Assignment(TaskInfo task, String workerId) {
    }

    /** Whether this worker can run this kind of task (an exec worker runs commands, not prompts). */
    default boolean canRun(TaskInfo task, String workerId) {
        return true;
    }
}
