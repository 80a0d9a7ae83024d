package io.aiswarm.agent;

import static io.aiswarm.agent.RealAgentHarness.W;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.agent.stub.StubReply;
import io.aiswarm.answer.AnswerRefused;
import io.aiswarm.answer.HelpAnswer;
import io.aiswarm.master.AgentStatus;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.view.HelpAnswerer.Answer;
import io.aiswarm.view.Requester;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `swarm answer` on the real Claude Code, Codex and Gemini CLI (against the loopback stub), each asked to run
 * {@code rm -rf build}: an answer whose keys the dialog ignores (a {@code z}) is reported and
 * the HELP stays; `no` chooses the option whose text means no, the dialog closes, the task ends declined, and the
 * command never ran. Each agent is skipped with a message when it is not installed.
 */
class RealAnswerIT {
    private RealAgentHarness agent;

    @AfterEach
    void close() throws Exception {
        if (agent != null) agent.close();
    }

    private void launch(String name) throws Exception {
        agent = RealAgentHarness.launched(name, p -> p, Map.of());
        agent.stub.script(switch (name) {
            case "claude" -> StubReply.bash("rm -rf build");
            case "codex" -> StubReply.codexExec("rm -rf build");
            default -> StubReply.geminiShell("rm -rf build");
        });
    }

    private HelpAnswer answerer(FileSwarmStore store, AgentProfile profile) {
        return new HelpAnswer(agent.terminal, store.statusLog(), store.queue(),
                new StatusBroadcaster(store.statusLog(), Clock.systemUTC()), worker -> profile, Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"claude", "codex", "gemini"})
    void aDialogDeclinedWithSwarmAnswerNoEndsDeclinedAndTheCommandNeverRan(String name) throws Exception {
        launch(name);
        FileSwarmStore store = FileSwarmStore.open(SwarmConfig.from("default",
                Map.of("AI_SWARM_DIR", agent.swarm.toString())), Clock.systemUTC());
        agent.start("task-rm", "Please clean the build directory");
        StatusEvent help = agent.watchUntil(e -> e.state() == BroadcastState.HELP, Duration.ofSeconds(60));
        assertThat(help.meta()).containsEntry("waiting_for", "rm -rf build");
        Requester person = new Requester("cli", "tester", null);

        // an answer that does not close the dialog: its keys are typed, it says so, the HELP stays
        AgentProfile p = agent.profile;
        AgentProfile ignored = new AgentProfile(p.name(), p.description(), p.command(), p.env(), p.submit(), p.screen(),
                p.seed(), p.approveKeys(), new AnswerKeys(AnswerKeys.NUMBER, "z"), p.source());
        assertThatThrownBy(() -> answerer(store, ignored).answer(W, Answer.CANCEL, null, person))
                .isInstanceOf(AnswerRefused.class).hasMessageContaining("still open").hasMessageContaining("HELP stays");
        agent.keepWatching(Duration.ofSeconds(1));
        assertThat(agent.read().status()).isEqualTo(AgentStatus.WAITING);
        assertThat(store.statusLog().lastEvents(Set.of(W)).get(W).state()).isEqualTo(BroadcastState.HELP);

        String done = answerer(store, agent.profile).answer(W, Answer.NO, null, person);
        assertThat(done).contains("chose", "No", "the prompt closed");
        StatusEvent end = agent.watchUntil(e -> e.state() == BroadcastState.ERROR, Duration.ofSeconds(30));
        assertThat(end.taskId()).isEqualTo("task-rm");
        assertThat(end.message()).startsWith("permission declined: rm -rf build");
        assertThat(agent.seen).noneMatch(e -> e.state() == BroadcastState.DONE && e.taskId().equals("task-rm"));
        assertThat(Files.exists(agent.project.resolve("build/keep.txt"))).as("the command never ran").isTrue();
    }
}
