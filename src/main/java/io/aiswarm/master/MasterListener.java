package io.aiswarm.master;

import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskInfo;
import java.util.List;
import java.util.Map;

/** What the master did, as it happens: for the CLI's output, the demo and tests. Called on the master's thread. */
public interface MasterListener {
    default void dispatched(DispatchResult result) {
    }

    /** A task ended: done or failed (its exit code and result file are set). */
    default void finished(TaskInfo task) {
    }

    /** A task went back to the queue, or failed after too many attempts, because its worker was lost. */
    default void requeued(TaskInfo task) {
    }

    /** A worker needs a person: HELP was raised. */
    default void help(String workerId, String taskId, String message) {
    }

    /** The rescuer acted (or would have, in a dry run) on a worker's prompt. */
    default void rescued(String workerId, String action, String reason) {
    }

    /** Anything else worth a line: standby, adoption, a delivery that failed. */
    default void message(String text) {
    }

    /**
     * After every round's scan: each worker's status as the round saw it (before its dispatch) and the status lines
     * the round read. What the live views (web page, `swarm top`, `swarm status` through the master) are made of.
     */
    default void observed(Map<String, WorkerStatus> workers, List<StatusEvent> events) {
    }

    /** After every round. */
    default void round(RoundSummary summary) {
    }
}
