package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.AgentPane;
import java.util.List;

/**
 * Which attempt of which task an exec pane was last started for. The pane runs {@code shell script <task> <attempt>};
 * tmux sets pane_start_command in the same step as the respawn and keeps it after the process ends, so it is
 * proof that the pane was (or was not) started for an attempt, even when tmux's answer never arrived.
 */
final class ExecRunTag {
    private ExecRunTag() {
    }

    /** The arguments that name the attempt. */
    static List<String> args(TaskInfo task) {
        return List.of(task.taskId(), String.valueOf(task.attempts()));
    }

    /** True when the pane was last started for this attempt of this task. */
    static boolean startedFor(AgentPane pane, TaskInfo task) {
        return pane != null && pane.startCommand().endsWith(" " + task.taskId() + " " + task.attempts());
    }
}
