package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A person types into a worker's pane (usually to answer a prompt raised as HELP). The answer is recorded as a
 * START line for the worker's active task, so the worker reads as busy again instead of waiting on HELP until
 * its task ends. The typed text itself is never logged: it may be a password.
 */
public final class PersonAnswer {
    private PersonAnswer() {
    }

    /** Types {@code text} (byte-exact), then Enter when asked; returns the task the answer was recorded for. */
    public static Optional<TaskInfo> send(TmuxSwarmManager tmux, SwarmStore state, String workerId, String text,
                                          boolean enter) {
        if (!text.isEmpty()) tmux.sendText(workerId, text);
        if (enter) tmux.sendKey(workerId, "Enter");
        StatusBroadcaster broadcaster = new StatusBroadcaster(state.statusLog(), Clock.systemUTC());
        return record(state.queue(), broadcaster, workerId, "answered by a person (" + text.length()
                + " characters" + (enter ? " and Enter" : "") + ")",
                Map.of("answered_by", System.getProperty("user.name", "unknown")));
    }

    /** Records an answer given to {@code workerId} as START for its active task (with its attempt), if it has one. */
    public static Optional<TaskInfo> record(TaskQueue queue, StatusBroadcaster broadcaster, String workerId,
                                            String message, Map<String, Object> meta) {
        Optional<TaskInfo> active = queue.active().stream()
                .filter(t -> t.status().isActive() && workerId.equals(t.workerId())).findFirst();
        active.ifPresent(task -> {
            Map<String, Object> all = new LinkedHashMap<>(meta);
            all.put("attempt", task.attempts());
            broadcaster.broadcast(workerId, task.taskId(), BroadcastState.START, message, all);
        });
        return active;
    }
}
