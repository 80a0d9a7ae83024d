package io.aiswarm.agent;

import static io.aiswarm.agent.RealAgentHarness.W;
import static org.assertj.core.api.Assertions.assertThat;
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

/** The real Gemini CLI (npm @google/gemini-cli) in tmux against the stub's Gemini API. Skipped when not installed. */
class RealGeminiCliIT {
    private RealAgentHarness agent;

    @BeforeEach
    void launch() throws Exception {
        Optional<Path> gemini = AgentClis.find("gemini");
        assumeTrue(gemini.isPresent(), AgentClis.skipMessage("gemini"));
        agent = new RealAgentHarness("gemini", gemini.get());
        agent.env.put("GEMINI_API_KEY", "stub");
        agent.env.put("GOOGLE_GEMINI_BASE_URL", agent.stub.baseUrl().toString());
        agent.launch(agent.project);
    }

    @AfterEach
    void close() throws Exception {
        if (agent != null) agent.close();
    }

    @Test
    void shellApprovalRaisesHelpAndHarmlessTurnEndsInDone() throws Exception {
        agent.stub.script(StubReply.text("Hello from the stub").after(Duration.ofSeconds(2)));
        agent.start("task-hi", "Say hello");
        StatusEvent done = agent.watchUntil(e -> e.state() == BroadcastState.DONE, Duration.ofSeconds(60));
        assertThat(done.taskId()).isEqualTo("task-hi");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> agent.hookLines().stream()
                .anyMatch(e -> e.state() == BroadcastState.DONE && e.taskId().equals("task-hi")));

        agent.stub.script(StubReply.geminiShell("rm -rf build"));
        agent.start("task-rm", "Clean the build directory");
        StatusEvent help = agent.watchUntil(e -> e.state() == BroadcastState.HELP, Duration.ofSeconds(60));
        assertThat(help.meta()).containsEntry("waiting_for", "rm -rf build");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> agent.hookLines().stream()
                .anyMatch(e -> e.state() == BroadcastState.WAIT && e.taskId().equals("task-rm")));
        agent.keepWatching(Duration.ofSeconds(3));
        assertThat(agent.read().status()).isEqualTo(AgentStatus.WAITING);
        agent.terminal.sendKey(W, "Escape"); // a person declines: the task ends declined, not done
        StatusEvent end = agent.watchUntil(e -> e.taskId().equals("task-rm")
                && (e.state() == BroadcastState.ERROR || e.state() == BroadcastState.DONE), Duration.ofSeconds(30));
        assertThat(end.state()).isEqualTo(BroadcastState.ERROR);
        assertThat(end.message()).startsWith("permission declined: rm -rf build");
        assertThat(Files.exists(agent.project.resolve("build/keep.txt"))).isTrue();
    }
}
