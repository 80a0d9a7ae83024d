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

/** The real Codex CLI (npm @openai/codex) in tmux against the stub's Responses API. Skipped when not installed. */
class RealCodexIT {
    private RealAgentHarness agent;

    @BeforeEach
    void launch() throws Exception {
        Optional<Path> codex = AgentClis.find("codex");
        assumeTrue(codex.isPresent(), AgentClis.skipMessage("codex"));
        agent = new RealAgentHarness("codex", codex.get());
        Path codexHome = Files.createDirectories(agent.root.resolve("codex-home"));
        // a custom provider pointing at the stub avoids any login
        Files.writeString(codexHome.resolve("config.toml"), "model = \"gpt-5\"\nmodel_provider = \"stub\"\n\n"
                + "[model_providers.stub]\nname = \"stub\"\nbase_url = \"" + agent.stub.baseUrl() + "/v1\"\n"
                + "wire_api = \"responses\"\nenv_key = \"STUB_API_KEY\"\n");
        agent.env.put("CODEX_HOME", codexHome.toString());
        agent.env.put("STUB_API_KEY", "stub");
        agent.launch(codexHome);
    }

    @AfterEach
    void close() throws Exception {
        if (agent != null) agent.close();
    }

    @Test
    void approvalForRmRaisesHelpAndHarmlessTurnEndsInDone() throws Exception {
        agent.stub.script(StubReply.text("Hi from the stub").after(Duration.ofSeconds(2)));
        agent.start("task-hi", "Say hi");
        StatusEvent done = agent.watchUntil(e -> e.state() == BroadcastState.DONE, Duration.ofSeconds(60));
        assertThat(done.taskId()).isEqualTo("task-hi");
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.hookLines().stream()
                .anyMatch(e -> e.state() == BroadcastState.DONE && e.taskId().equals("task-hi")));

        agent.stub.script(StubReply.codexExec("rm -rf build"));
        agent.start("task-rm", "Clean the build directory");
        StatusEvent help = agent.watchUntil(e -> e.state() == BroadcastState.HELP, Duration.ofSeconds(60));
        assertThat(help.meta()).containsEntry("waiting_for", "rm -rf build");
        agent.keepWatching(Duration.ofSeconds(3));
        assertThat(agent.read().status()).isEqualTo(AgentStatus.WAITING);
        assertThat(Files.exists(agent.project.resolve("build/keep.txt"))).isTrue();
        agent.terminal.sendKey(W, "Escape"); // a person declines: the task ends declined, not done
        StatusEvent end = agent.watchUntil(e -> e.taskId().equals("task-rm")
                && (e.state() == BroadcastState.ERROR || e.state() == BroadcastState.DONE), Duration.ofSeconds(30));
        assertThat(end.state()).isEqualTo(BroadcastState.ERROR);
        assertThat(end.message()).startsWith("permission declined: rm -rf build");
        assertThat(Files.exists(agent.project.resolve("build/keep.txt"))).isTrue();
    }
}
