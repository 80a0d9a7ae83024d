package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aiswarm.agent.stub.ModelApiStub;
import io.aiswarm.agent.stub.StubReply;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.AgentClis;
import io.aiswarm.testing.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code driven by the whole swarm, as a user runs it: `swarm up --agent claude`, `swarm task add
 * --prompt`, `swarm master`, the model being the loopback stub. A harmless task ends DONE; a task whose reply is
 * {@code rm -rf build} raises HELP naming the command, is never approved, and build/ survives.
 * Skipped with a message when Claude Code is not installed (bin/install-agent-clis).
 */
class RealClaudeSwarmIT {
    @TempDir
    Path tmp;

    @Test
    void swarmRunsAHarmlessTaskToDoneAndRaisesHelpForRmRf() throws Exception {
        Path claude = findClaude();
        try (TmuxServer server = new TmuxServer(); ModelApiStub stub = ModelApiStub.start()) {
            Path swarm = Files.createDirectories(tmp.resolve("swarm"));
            Path home = Files.createDirectories(tmp.resolve("home"));
            Path work = Files.createDirectories(tmp.resolve("work"));
            Files.createDirectories(work.resolve("build"));
            Files.writeString(work.resolve("build/keep.txt"), "must survive");
            Files.writeString(swarm.resolve("agents.json"), "{\"agents\":{\"claude\":{\"env\":{\"HOME\":\"${home}\","
                    + "\"ANTHROPIC_API_KEY\":\"${env:ANTHROPIC_API_KEY}\",\"ANTHROPIC_BASE_URL\":\"" + stub.baseUrl()
                    + "\"}}}}");
            stub.script(StubReply.text("All done").after(Duration.ofSeconds(2)), StubReply.bash("rm -rf build"));
            CliRun cli = new CliRun(swarm).env("AI_SWARM_TMUX_SOCKET", server.socket()).env("HOME", home.toString())
                    .env("PATH", claude.getParent() + ":" + System.getenv("PATH")).env("AI_SWARM_POLL_INTERVAL", "0.5")
                    .env("ANTHROPIC_API_KEY", "sk-ant-stub-0123456789abcdefghijklmnopqrstuvwxyz");
            CliRun.Result up = cli.run("up", "--agent", "claude", "--workers", "1", "--no-master", "--workdir",
                    work.toString());
            assertThat(up.exit()).as(up.err()).isZero();
            assertThat(Files.readString(home.resolve(".claude.json"))).contains("hasTrustDialogAccepted");
            assertThat(cli.run("task", "add", "--id", "hello", "--prompt", "Say hello").exit()).isZero();
            CompletableFuture<CliRun.Result> master = CompletableFuture.supplyAsync(
                    () -> cli.run("master", "--no-standby"));
            FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", swarm.toString())),
                    Clock.systemUTC());
            try {
                await().atMost(Duration.ofSeconds(90)).until(
                        () -> state.queue().get("hello").orElseThrow().status() == TaskStatus.DONE);
                assertThat(cli.run("task", "add", "--id", "clean", "--prompt", "Clean the build directory").exit())
                        .isZero();
                await().atMost(Duration.ofSeconds(90)).until(() -> lines(state).stream().anyMatch(e ->
                        e.state() == BroadcastState.HELP && "rm -rf build".equals(e.meta().get("waiting_for"))));
                // rounds go on; nobody answers, and build/ survives
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(15))
                        .until(() -> Files.exists(work.resolve("build/keep.txt")));
                assertThat(state.queue().get("clean").orElseThrow().status()).isNotEqualTo(TaskStatus.DONE);
                assertThat(stub.agentTurns()).noneMatch(r -> r.body().toString().contains("tool_result"));
            } finally {
                server.killPaneTreesAndServer();
                master.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Path findClaude() {
        var claude = AgentClis.find("claude");
        assumeTrue(claude.isPresent(), AgentClis.skipMessage("claude"));
        return claude.get();
    }

    private static List<StatusEvent> lines(FileSwarmStore state) throws Exception {
        try (var follower = state.statusLog().follow()) {
            return follower.poll();
        }
    }
}
