package io.aiswarm.agent;

import io.aiswarm.testing.TmuxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The simulated agent (bin/swarm-sim-agent) running in a pane of a private tmux server, reached through the tmux
 * CLI (a process per command is fine in tests), with its event log for exactly-once assertions.
 */
final class SimAgentPane extends ForwardingTerminal implements AutoCloseable {
    static final Path SCRIPT = Path.of("bin/swarm-sim-agent").toAbsolutePath();
    private final TmuxServer tmux;
    private final Path log;

    SimAgentPane(Path dir, String session, Map<String, String> env) {
        this(new TmuxServer(), dir, session, env);
    }

    private SimAgentPane(TmuxServer tmux, Path dir, String session, Map<String, String> env) {
        super(new TmuxCliTerminal(tmux));
        this.tmux = tmux;
        this.log = dir.resolve(session + ".log");
        StringBuilder cmd = new StringBuilder("env SIM_AGENT_LOG=" + HookScript.shellQuote(log.toString()));
        env.forEach((k, v) -> cmd.append(' ').append(k).append('=').append(HookScript.shellQuote(v)));
        cmd.append(' ').append(HookScript.shellQuote(SCRIPT.toString()));
        tmux.run("new-session", "-d", "-s", session, "-x", "120", "-y", "40", cmd.toString());
    }

    TmuxServer tmux() {
        return tmux;
    }

    /** The sim's events: "prompt TEXT", "dialog CMD" (its dialog takes keys now), "approved CMD", "denied CMD", "end". */
    List<String> events() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        tmux.close();
    }
}
