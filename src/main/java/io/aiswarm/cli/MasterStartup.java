package io.aiswarm.cli;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileMasterLease;
import io.aiswarm.tmux.TmuxProcessRunner;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code swarm up} returns only once its master is active (it holds the cluster's master lease): a master that dies
 * at start (a bad setting, an unreadable swarm directory) would otherwise leave a swarm that never dispatches while
 * `up` said it was fine. Then the session is stopped and the master's own last words are the error.
 */
final class MasterStartup {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int ERROR_LINES = 12;

    private MasterStartup() {
    }

    /** Waits for the master of {@code session}; throws with its last lines when it ended or never became active. */
    static void await(SwarmConfig config, String session, Duration timeout) throws InterruptedException {
        TmuxProcessRunner tmux = new TmuxProcessRunner(config.tmuxSocket());
        String window = "=" + session + ":master";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (FileMasterLease.holder(config.paths().masterLock()).isPresent()) return;
            TmuxProcessRunner.Result state = tmux.tryRun("display-message", "-p", "-t", window, "#{pane_dead}");
            boolean ended = state.exitCode() != 0 || state.stdout().isEmpty() || state.stdout().get(0).equals("1");
            if (ended || System.nanoTime() > deadline) {
                String said = lastWords(tmux, window);
                TmuxSwarmManager.stopSession(config.tmuxSocket(), session);
                throw new IllegalArgumentException((ended ? "the master ended at start"
                        : "the master did not become active within " + timeout.toSeconds() + " s")
                        + "; the session was stopped. The master said:\n" + said);
            }
            Thread.sleep(100);
        }
    }

    private static String lastWords(TmuxProcessRunner tmux, String window) {
        TmuxProcessRunner.Result capture = tmux.tryRun("capture-pane", "-p", "-t", window, "-S", "-50");
        List<String> lines = new ArrayList<>();
        for (String line : capture.stdout()) {
            if (!line.isBlank() && !line.startsWith("Pane is dead")) lines.add("  " + line.stripTrailing());
        }
        if (lines.isEmpty()) return "  (nothing)";
        return String.join("\n", lines.subList(Math.max(0, lines.size() - ERROR_LINES), lines.size()));
    }
}
