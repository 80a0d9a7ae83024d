package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent commands as a user types them: hooks install, detect --agent, up --agent. */
class AgentCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    @Test
    void hooksInstallWritesClaudeSettingsAndSaysWhere() throws Exception {
        CliRun.Result r = new CliRun(tmp.resolve("swarm")).run("hooks", "install", "--agent", "claude",
                tmp.resolve("proj").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("hooks for claude installed").contains(".claude/settings.json");
        assertThat(JSON.readTree(tmp.resolve("proj/.claude/settings.json").toFile()).at("/hooks/Stop/0/hooks/0/command")
                .asText()).contains("ai-swarm-hook.sh' claude Stop DONE");
    }

    @Test
    void hooksInstallRefusesABrokenFileAndAnUnknownAgent() throws Exception {
        Files.createDirectories(tmp.resolve("proj/.claude"));
        Files.writeString(tmp.resolve("proj/.claude/settings.json"), "{oops");
        CliRun.Result broken = new CliRun(tmp.resolve("swarm")).run("hooks", "install", "--agent", "claude",
                tmp.resolve("proj").toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("settings.json: not valid JSON");
        CliRun.Result unknown = new CliRun(tmp.resolve("swarm")).run("hooks", "install", "--agent", "aider");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("--agent aider");
        assertThat(new CliRun(tmp).run("hooks", "install").exit()).isEqualTo(SwarmMain.EXIT_USAGE);
    }

    @Test
    void detectWithAnAgentUsesItsProfile() throws Exception {
        Path screen = tmp.resolve("screen.txt");
        Files.writeString(screen, "✢ Herding…\n────\n❯\u00a0\n────\n  esc to interrupt\n");
        CliRun.Result r = new CliRun(tmp.resolve("swarm")).run("detect", "--agent", "claude", screen.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("state").asText()).isEqualTo("busy");
        assertThat(out.get("rules").asText()).isEqualTo("agent:claude");
        assertThat(out.get("agent_line").asText()).contains("esc to interrupt");
        CliRun.Result unknown = new CliRun(tmp.resolve("swarm")).run("detect", "--agent", "nope", screen.toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown agent profile 'nope'");
    }

    @Test
    void upWithTheSimulatedAgentStartsTaggedAgentPanes() throws Exception {
        try (TmuxServer server = new TmuxServer()) {
            Path work = Files.createDirectories(tmp.resolve("work"));
            CliRun.Result r = new CliRun(tmp.resolve("swarm")).env("AI_SWARM_TMUX_SOCKET", server.socket())
                    .env("AI_SWARM_LAUNCHER", Path.of("bin/swarm").toAbsolutePath().toString())
                    .env("PATH", System.getenv("PATH"))
                    .run("up", "--agent", "sim", "--workers", "3", "--no-master", "--workdir", work.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("started tmux session 'swarm-default'").contains("3 worker(s)").contains("agent sim");
            try (TmuxSwarmManager tmux = TmuxSwarmManager.connect(server.socket(), "swarm-default")) {
                assertThat(tmux.panes()).extracting(AgentPane::workerId)
                        .containsExactly("worker-0", "worker-1", "worker-2");
            }
            CliRun.Result again = new CliRun(tmp.resolve("swarm")).env("AI_SWARM_TMUX_SOCKET", server.socket())
                    .env("PATH", System.getenv("PATH")).run("up", "--agent", "sim");
            assertThat(again.exit()).isEqualTo(1); // "session already exists" (printed to the process's stderr)
        }
    }
}
