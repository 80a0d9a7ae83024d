package io.aiswarm.agent;

import io.aiswarm.master.TaskSender;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.AgentPane;
import java.util.function.ToLongFunction;

/**
 * Gives a task to an agent worker: ends the conversation of its previous task ({@link ContextReset}: the profile's
 * clear command, or a restart), records the task for the worker's hooks, types the prompt with
 * {@link PromptDelivery} and, once the turn is seen to start, hands it to the {@link AgentTurnMonitor}, which
 * reports DONE when the turn ends. A prompt that was not taken throws, naming why: the dispatcher then rolls the
 * assignment back and the task waits in the queue for another try.
 */
public final class AgentTaskDelivery implements TaskSender {
    private final PromptDelivery delivery;
    private final AgentTaskMarker marker;
    private final AgentTurnMonitor monitor;
    private final ToLongFunction<String> panePid;
    private final ContextReset reset;
    /** The last prompt each worker's agent took (this master's memory): it must leave the screen on a clear. */
    private final java.util.Map<String, String> lastPrompt = new java.util.concurrent.ConcurrentHashMap<>();

    public AgentTaskDelivery(PromptDelivery delivery, AgentTaskMarker marker, AgentTurnMonitor monitor) {
        this(delivery, marker, monitor, worker -> -1, null);
    }

    /**
     * @param panePid the pid of a worker's pane process now (-1 when unknown)
     * @param reset   ends an earlier task's conversation before the next prompt; null: never (tests of one task)
     */
    public AgentTaskDelivery(PromptDelivery delivery, AgentTaskMarker marker, AgentTurnMonitor monitor,
                             ToLongFunction<String> panePid, ContextReset reset) {
        this.delivery = delivery;
        this.marker = marker;
        this.monitor = monitor;
        this.panePid = panePid;
        this.reset = reset;
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
        long pid = panePid.applyAsLong(workerId);
        String fresh = "";
        if (reset != null && holdsConversation(workerId, pid)) {
            ContextReset.Result r = reset.reset(workerId, lastPrompt.get(workerId));
            if (!r.fresh()) {
                monitor.deliveryFailed(workerId);
                throw new SwarmStateException("prompt of task " + task.taskId() + " not delivered to " + workerId
                        + ": the previous task's conversation was not cleared: " + r.how());
            }
            fresh = "; " + r.how() + " in " + r.took().toMillis() + " ms first";
            pid = panePid.applyAsLong(workerId); // a restart made a new agent process
        }
        marker.set(workerId, task.taskId());
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
        marker.setContext(workerId, pid);
        lastPrompt.put(workerId, task.prompt());
        monitor.started(workerId, task.taskId(), result.reason() + fresh);
    }

    /** Whether the worker's agent took a prompt before: the same process (or one not known) as the one now. */
    private boolean holdsConversation(String workerId, long pid) {
        long holder = marker.context(workerId);
        return holder == 0 || holder > 0 && (pid <= 0 || holder == pid);
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
