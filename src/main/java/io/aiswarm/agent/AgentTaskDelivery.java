package io.aiswarm.agent;

import io.aiswarm.master.TaskSender;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.AgentPane;
import java.util.function.ToLongFunction;

/**
 * Gives a task to an agent worker: records the task for the worker's hooks, types the prompt with
 * {@link PromptDelivery} and, once the turn is seen to start, hands it to the {@link AgentTurnMonitor}, which
 * reports DONE when the turn ends. A prompt that was not taken throws, naming why: the dispatcher then rolls the
 * assignment back and the task waits in the queue for another try.
 */
public final class AgentTaskDelivery implements TaskSender {
    private final PromptDelivery delivery;
    private final AgentTaskMarker marker;
    private final AgentTurnMonitor monitor;
    private final ToLongFunction<String> panePid;

    public AgentTaskDelivery(PromptDelivery delivery, AgentTaskMarker marker, AgentTurnMonitor monitor) {
        this(delivery, marker, monitor, worker -> -1);
    }

    /** @param panePid the pid of a worker's pane process now (-1 when unknown) */
    public AgentTaskDelivery(PromptDelivery delivery, AgentTaskMarker marker, AgentTurnMonitor monitor,
                             ToLongFunction<String> panePid) {
        this.delivery = delivery;
        this.marker = marker;
        this.monitor = monitor;
        this.panePid = panePid;
    }

    @Override
    public boolean runsIn(TaskInfo task, AgentPane pane) {
        if (task.prompt() == null || !task.taskId().equals(marker.get(pane.workerId()))) return true;
        long given = marker.pane(pane.workerId());
        return given < 0 || given == pane.pid();
    }

    @Override
    public void send(TaskInfo task, String workerId) {
        if (task.prompt() == null) {
            throw new IllegalArgumentException("task " + task.taskId() + " has a command, not a prompt: agent workers "
                    + "take prompts (add it with a prompt, or run exec workers)");
        }
        monitor.delivering(workerId);
        marker.set(workerId, task.taskId());
        long pid = panePid.applyAsLong(workerId);
        if (pid > 0) marker.setPane(workerId, pid);
        DeliveryResult result;
        try {
            result = delivery.deliver(workerId, task.prompt());
        } catch (RuntimeException e) {
            marker.clear(workerId);
            monitor.deliveryFailed(workerId);
            throw e;
        }
        if (!result.delivered()) {
            marker.clear(workerId);
            monitor.deliveryFailed(workerId);
            throw new SwarmStateException("prompt of task " + task.taskId() + " not delivered to " + workerId + ": "
                    + result.reason());
        }
        monitor.started(workerId, task.taskId(), result.reason());
    }

    /**
     * Agent workers take prompts only, and only when their screen shows an empty prompt now: an agent still
     * starting, working, asking, or being typed into by a person is passed over without locking anything.
     */
    @Override
    public boolean canRun(TaskInfo task, String workerId) {
        return task.prompt() != null && delivery.readyNow(workerId);
    }
}
