package io.aiswarm.tmux;

import java.nio.file.Path;

/** What an exec worker's pane runs next: a shell command, and the file its output is appended to. */
public record PaneRun(String shellCommand, Path outputLog) {
}
