package io.aiswarm.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Screens of the real agent CLIs, captured from their panes (src/test/resources/io/aiswarm/agent/screens), and
 * which recording shows which moment of a turn for each agent.
 */
final class AgentScreens {
    /** One agent's turn as recorded: ready, working, asking to run "rm -rf build", and after its turn. */
    record Turn(String agent, String idle, String busy, String dialog, String end) {
        @Override
        public String toString() {
            return agent;
        }
    }

    static final Map<String, Turn> TURNS = Map.of(
            "claude", new Turn("claude", load("claude-2.1.197-idle-fresh.txt"), load("claude-2.1.197-busy.txt"),
                    load("claude-2.1.197-waiting-bash.txt"), load("claude-2.1.197-finished.txt")),
            "codex", new Turn("codex", load("codex-0.169.0-idle.txt"), load("codex-0.169.0-busy.txt"),
                    load("codex-0.169.0-waiting-rm.txt"), load("codex-0.169.0-finished.txt")),
            "gemini", new Turn("gemini", load("gemini-0.61.0-idle.txt"), load("gemini-0.61.0-busy.txt"),
                    load("gemini-0.61.0-waiting-rm.txt"), load("gemini-0.61.0-after-turn.txt")));

    private AgentScreens() {
    }

    static String load(String name) {
        try (InputStream in = AgentScreens.class.getResourceAsStream("screens/" + name)) {
            if (in == null) throw new IllegalStateException("missing fixture screens/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
