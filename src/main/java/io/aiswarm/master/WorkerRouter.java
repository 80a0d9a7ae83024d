package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import java.util.Collection;
import java.util.Set;

/**
 * Which worker runs what, in a swarm whose workers differ (a mixed swarm: exec workers and agents of several
 * profiles, with labels): the sender of each agent worker, and whether a worker may take a task (its profile, its
 * labels, not draining). The answers may change while the master runs (`swarm scale`).
 */
public interface WorkerRouter {
    /** The sender of this worker's agent; null for an exec worker (the master's own exec sender runs its tasks). */
    TaskSender agentSender(String workerId);

    /** Every agent sender (each attempt's end and the start-up sweep reach them all). */
    Collection<TaskSender> agentSenders();

    /** Whether this worker may take this task: its profile and labels fit, and it is not draining. */
    boolean accepts(TaskInfo task, String workerId);

    /** The workers that run an agent now (a live view: it grows when agents are added). */
    Set<String> agentWorkers();

    /**
     * Before each dispatch: workers that drain and are not in {@code busy} (no active task, no live lock) may be
     * removed now. Called on the master's thread.
     */
    default void settle(Set<String> busy) {
    }
}
