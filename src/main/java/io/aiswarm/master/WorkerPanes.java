package io.aiswarm.master;

import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.PaneOutput;
import io.aiswarm.tmux.PaneRun;
import io.aiswarm.tmux.TmuxListener;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one port to the workers' panes: listing them, their screens, running exec tasks in them and typing into them
 * (the {@link PaneTerminal} part is all prompt delivery and the agent monitor use). {@link TmuxWorkerPanes} adapts
 * the tmux layer; tests without tmux pass none.
 */
public interface WorkerPanes extends PaneTerminal {
    /** Worker panes only, sorted by worker id. */
    List<AgentPane> panes();

    /** Worker panes; without CPU figures (cpuMillis 0) when {@code withCpu} is false, which is cheaper. */
    default List<AgentPane> panes(boolean withCpu) {
        return panes();
    }

    /** The last {@code lines} lines of every worker pane, by worker id. */
    Map<String, String> captureAll(int lines);

    /** The last {@code lines} lines of these workers' panes (one round trip), by worker id. */
    default Map<String, String> capture(Collection<String> workers, int lines) {
        Map<String, String> screens = new LinkedHashMap<>(captureAll(lines));
        screens.keySet().retainAll(workers);
        return screens;
    }

    /** Exec worker: replaces the pane's process with {@code sh -c shellCommand}; output also goes to outputLog. */
    void runInPane(String workerId, String shellCommand, Path outputLog);

    /** {@link #runInPane} for several workers (one tmux round trip); returns the failures by worker. */
    default Map<String, RuntimeException> runInPanes(Map<String, PaneRun> runs) {
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        runs.forEach((worker, run) -> {
            try {
                runInPane(worker, run.shellCommand(), run.outputLog());
            } catch (RuntimeException e) {
                failures.put(worker, e);
            }
        });
        return failures;
    }

    /**
     * True while a respawn sent to this worker's pane is unanswered: tmux may still start the run it was for.
     * Without tmux, never.
     */
    default boolean respawnPending(String workerId) {
        return false;
    }

    /** The last {@link #SCREEN_LINES} lines of one worker's pane. */
    @Override
    default String capture(String workerId) {
        return capture(List.of(workerId), SCREEN_LINES).getOrDefault(workerId, "");
    }

    /** Text as one bracketed paste: tmux switches to paste-buffer -p by itself for text it cannot type. */
    @Override
    default void paste(String workerId, String text) {
        sendText(workerId, text);
    }

    /** Whether the worker's pane runs its process (listed without walking /proc). */
    @Override
    default boolean alive(String workerId) {
        return panes(false).stream().anyMatch(p -> p.workerId().equals(workerId) && !p.dead());
    }

    /** Pane exits and the session's end; with {@code wants} PRINTED, also which panes printed. */
    void addListener(TmuxListener listener, PaneOutput wants);
}
