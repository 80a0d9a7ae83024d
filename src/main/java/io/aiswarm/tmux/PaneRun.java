package io.aiswarm.tmux;

import java.nio.file.Path;

/**
 * What an exec worker's pane runs next: a shell command, the file its output is appended to, and the shell that
 * runs it ({@code shell -c shellCommand}). {@code reportsOwnExit}: the command records its exit status itself (an
 * exec task script writes it to the status log), so the pane needs no EXIT trap starting a tmux client to record
 * it in a pane option.
 */
public record PaneRun(String shellCommand, Path outputLog, String shell, boolean reportsOwnExit) {
    public PaneRun(String shellCommand, Path outputLog) {
        this(shellCommand, outputLog, "sh", false);
    }
}
