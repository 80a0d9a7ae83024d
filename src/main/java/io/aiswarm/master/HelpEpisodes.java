package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One prompt, one notification. An agent's permission dialog can be reported three ways: the agent monitor's
 * HELP, the agent hook's WAIT that the master turns into HELP, and the rescuer's HELP for what it sees on the
 * screen. Each line stays in the status log, but a person hears of the prompt once. An episode is a worker's
 * WAIT and HELP lines for one task, until any other line of that worker (working again, a new task, an end).
 */
final class HelpEpisodes {
    /** Worker -> the task ("" for none) of its open episode. */
    private final Map<String, String> open = new HashMap<>();

    /** Feeds a status line, in log order; true for a HELP that opens an episode (the one to tell a person of). */
    boolean opens(StatusEvent event) {
        String task = Objects.requireNonNullElse(event.taskId(), "");
        String current = open.get(event.workerId());
        switch (event.state()) {
            case HELP -> {
                open.put(event.workerId(), task);
                return !task.equals(current);
            }
            case WAIT -> {
                if (current != null && !current.equals(task)) open.remove(event.workerId());
                return false;
            }
            default -> {
                open.remove(event.workerId());
                return false;
            }
        }
    }

    /** Whether a person was already told that this worker needs help with this task. */
    boolean isOpen(String workerId, String taskId) {
        return Objects.requireNonNullElse(taskId, "").equals(open.get(workerId));
    }
}
