package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;

/** Delivers an assigned task to its worker: exec workers run a script in their pane, agents get a prompt. */
public interface TaskSender {
    /** Delivers {@code task} (already marked assigned); throws when it could not, and the dispatcher rolls back. */
    void send(TaskInfo task, String workerId);

    /** Whether this worker can run this kind of task (an exec worker runs commands, not prompts). */
    default boolean canRun(TaskInfo task, String workerId) {
        return true;
    }
}
