package io.aiswarm.agent;

import static io.aiswarm.agent.RealAgentHarness.W;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aiswarm.agent.stub.StubReply;
import io.aiswarm.master.AgentStatus;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.testing.AgentClis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Claude Code (npm @anthropic-ai/claude-code) in tmux against the loopback stub: seeded (no first-run
 * screens), hooks installed, prompts delivered and verified; a scripted {@code rm -rf build} raises HELP and is
 * never approved; a harmless task runs to DONE. Skipped with a message when Claude Code is not installed.
 */
class RealClaudeCodeIT {
    private static final String KEY = "sk-ant-stub-0123456789abcdefghijklmnopqrstuvwxyz";
    private RealAgentHarness agent;

    @BeforeEach
    void launch() throws Exception {
        Optional<Path> claude = AgentClis.find("claude");
        assumeTrue(claude.isPresent(), AgentClis.skipMessage("claude"));
        agent = new RealAgentHarness("claude", claude.get());
        agent.env.put("ANTHROPIC_API_KEY", KEY);
        agent.env.put("ANTHROPIC_BASE_URL", agent.stub.baseUrl().toString());
        agent.launch(agent.project);
    }

    @AfterEach
    void close() throws Exception {
        if (agent != null) agent.close();
    }

    @Test
    void dangerousToolCallRaisesHelpWithTheCommandAndIsNeverApproved() throws Exception {
        agent.stub.script(StubReply.bash("rm -rf build"));
        agent.start("task-rm", "Please clean the build directory");
        StatusEvent help = agent.watchUntil(e -> e.state() == BroadcastState.HELP, Duration.ofSeconds(60));
        assertThat(help.taskId()).isEqualTo("task-rm");
        assertThat(help.meta()).containsEntry("waiting_for", "rm -rf build");
        // Claude Code's own Notification hook reports the dialog a few seconds later
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.hookLines().stream()
                .anyMatch(e -> e.state() == BroadcastState.WAIT && e.taskId().equals("task-rm")));
        agent.keepWatching(Duration.ofSeconds(3));
        assertThat(agent.read().status()).isEqualTo(AgentStatus.WAITING);
        assertThat(Files.exists(agent.project.resolve("build/keep.txt"))).isTrue();
        assertThat(agent.seen).filteredOn(e -> e.state() == BroadcastState.HELP).hasSize(1);
        assertThat(agent.stub.agentTurns()).noneMatch(r -> r.body().toString().contains("tool_result"));

        agent.terminal.sendKey(W, "Escape"); // a person declines
        StatusEvent end = agent.watchUntil(e -> e.state() == BroadcastState.ERROR, Duration.ofSeconds(30));
        assertThat(end.message()).startsWith("permission declined: rm -rf build");
        assertThat(Files.exists(agent.project.resolve("build/keep.txt"))).isTrue();
    }

    @Test
    void harmlessTaskRunsToDoneReportedByTheStopHookAndTheScreen() throws Exception {
        agent.stub.script(StubReply.text("Hello from the stub").after(Duration.ofSeconds(2)));
        agent.start("task-hi", "Say hello");
        StatusEvent done = agent.watchUntil(e -> e.state() == BroadcastState.DONE, Duration.ofSeconds(60));
        assertThat(done.taskId()).isEqualTo("task-hi");
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.hookLines().stream()
                .anyMatch(e -> e.state() == BroadcastState.DONE && e.taskId().equals("task-hi")));
        assertThat(agent.hookLines()).anyMatch(e -> e.state() == BroadcastState.START && e.taskId().equals("task-hi"));
        assertThat(agent.stub.agentTurns()).anyMatch(r -> r.lastUserText().contains("Say hello"));
        assertThat(agent.terminal.capture(W)).contains("Hello from the stub");
    }
}
