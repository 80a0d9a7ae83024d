package io.aiswarm.tmux;

import java.nio.file.Path;
import java.util.List;

/**
 * What an exec worker's pane runs next, and the file its output is appended to.
 * <ul>
 * <li>{@code shellCommand} set: the pane runs {@code shell -c shellCommand}.</li>
 * <li>{@code script} set: the pane runs {@code shell script args...}. The arguments show in tmux's
 * {@code pane_start_command}, which tmux sets in the same step as the respawn: they tell which run a pane was
 * last started for, even after it ended ({@link AgentPane#startCommand()}).</li>
 * </ul>
 * {@code reportsOwnExit}: the command records its exit status itself (an exec task script writes it to the status
 * log), so the pane needs no EXIT trap starting a tmux client to record it in a pane option.
 * {@code waitsForPipe}: the script's first step waits for one byte on its terminal; the output pipe, once open,
 * types it (pipe-pane -I), so nothing the task prints is missed however slowly tmux opens the pipe.
 * {@code outputCommand}: the output pipe's own shell command (a long-lived one that routes the pane's output itself);
 * null appends everything to {@code outputLog}.
 */
public record PaneRun(String shellCommand, Path script, List<String> args, Path outputLog, String shell,
                      boolean reportsOwnExit, boolean waitsForPipe, String outputCommand) {
    public PaneRun {
        args = args == null ? List.of() : List.copyOf(args);
        if ((shellCommand == null) == (script == null)) {
            throw new IllegalArgumentException("a pane run has either a shell command or a script");
        }
    }

    public PaneRun(String shellCommand, Path outputLog) {
        this(shellCommand, null, List.of(), outputLog, "sh", false, false, null);
    }

    /** {@code shell script args...}, a script that reports its own exit and waits for the pipe when asked. */
    public static PaneRun script(String shell, Path script, List<String> args, Path outputLog, boolean waitsForPipe) {
        return new PaneRun(null, script, args, outputLog, shell, true, waitsForPipe, null);
    }

    /** A script whose output pipe runs {@code outputCommand} (it routes the output itself). */
    public static PaneRun script(String shell, Path script, List<String> args, Path outputLog, boolean waitsForPipe,
                                 String outputCommand) {
        return new PaneRun(null, script, args, outputLog, shell, true, waitsForPipe, outputCommand);
    }
}
