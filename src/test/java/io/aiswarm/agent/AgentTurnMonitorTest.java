package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.master.PaneTerminal;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.file.FileStatusLog;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent monitor's state machine, in-process: the screens Claude Code, Codex and Gemini CLI really showed
 * (recorded), a clock the test moves, keys recorded instead of typed. The same on the simulated agent in a real
 * tmux is {@link AgentTurnMonitorIT}.
 */
class AgentTurnMonitorTest {
    private static final String W = "worker-0";
    private static final Duration SETTLE = Duration.ofSeconds(2);
    @TempDir
    Path tmp;
    private final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    private final List<String> keys = new ArrayList<>();
    private StatusBroadcaster broadcaster;
    private AgentTaskMarker marker;

    static Stream<AgentScreens.Turn> agents() {
        return Stream.of("claude", "codex", "gemini").map(AgentScreens.TURNS::get);
    }

    @BeforeEach
    void open() {
        broadcaster = new StatusBroadcaster(new FileStatusLog(tmp.resolve("status.log")), clock);
        marker = new AgentTaskMarker(tmp);
    }

    private AgentTurnMonitor monitor(AgentScreens.Turn turn, PermissionPolicy policy) {
        PaneTerminal keysOnly = new PaneTerminal() {
            @Override
            public String capture(String workerId) {
                throw new UnsupportedOperationException("the monitor is given screens");
            }

            @Override
            public void sendText(String workerId, String text) {
                throw new AssertionError("the monitor never types text");
            }

            @Override
            public void sendKey(String workerId, String key) {
                keys.add(key);
            }

            @Override
            public void paste(String workerId, String text) {
                throw new AssertionError("the monitor never pastes");
            }
        };
        return new AgentTurnMonitor(AgentProfiles.builtin().get(turn.agent()), broadcaster, marker, policy, keysOnly,
                clock, SETTLE);
    }

    private AgentTurnMonitor started(AgentScreens.Turn turn, PermissionPolicy policy, String taskId) {
        AgentTurnMonitor monitor = monitor(turn, policy);
        marker.set(W, taskId);
        monitor.started(W, taskId, "test");
        return monitor;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void aReadyAgentAnnouncesItselfOnce(AgentScreens.Turn turn) {
        AgentTurnMonitor monitor = monitor(turn, PermissionPolicy.none());
        List<StatusEvent> first = monitor.observe(W, turn.idle());
        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(BroadcastState.START);
            assertThat(e.hasTask()).isFalse();
        });
        clock.advance(Duration.ofMinutes(5));
        assertThat(monitor.observe(W, turn.idle())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void aTurnEndsInDoneOnceThePromptHasBeenBackForTheSettleTime(AgentScreens.Turn turn) {
        AgentTurnMonitor monitor = started(turn, PermissionPolicy.none(), "task-1");
        assertThat(monitor.observe(W, turn.busy())).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(monitor.observe(W, turn.end())).isEmpty(); // the prompt is back: from now on it must stay
        clock.advance(SETTLE.minusMillis(1));
        assertThat(monitor.observe(W, turn.end())).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(monitor.observe(W, turn.end())).singleElement().satisfies(done -> {
            assertThat(done.state()).isEqualTo(BroadcastState.DONE);
            assertThat(done.taskId()).isEqualTo("task-1");
            assertThat(done.meta()).containsEntry("source", "screen").doesNotContainKey("interrupted");
        });
        assertThat(marker.get(W)).isEmpty();
        assertThat(monitor.taskOf(W)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void busyAgainBeforeTheSettleTimeMeansTheTurnGoesOn(AgentScreens.Turn turn) {
        AgentTurnMonitor monitor = started(turn, PermissionPolicy.none(), "task-1");
        monitor.observe(W, turn.busy());
        monitor.observe(W, turn.end());
        clock.advance(SETTLE.minusMillis(500));
        assertThat(monitor.observe(W, turn.busy())).isEmpty();
        clock.advance(SETTLE);
        assertThat(monitor.observe(W, turn.end())).isEmpty(); // the steady time starts again
        clock.advance(SETTLE);
        assertThat(monitor.observe(W, turn.end())).extracting(StatusEvent::state).containsExactly(BroadcastState.DONE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void aTurnNeverSeenWorkingEndsOnlyAfterTenTimesTheSettleTime(AgentScreens.Turn turn) {
        AgentTurnMonitor monitor = started(turn, PermissionPolicy.none(), "task-1");
        assertThat(monitor.observe(W, turn.idle())).isEmpty();
        clock.advance(SETTLE.multipliedBy(10).minusMillis(1));
        assertThat(monitor.observe(W, turn.idle())).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(monitor.observe(W, turn.idle())).extracting(StatusEvent::state).containsExactly(BroadcastState.DONE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void aDangerousDialogRaisesHelpOnceAndIsNeverAnswered(AgentScreens.Turn turn) {
        // even a policy that allows the prefix: the dangerous word wins
        AgentTurnMonitor monitor = started(turn, new PermissionPolicy(List.of("rm"), List.of()), "task-2");
        monitor.observe(W, turn.busy());
        List<StatusEvent> raised = monitor.observe(W, turn.dialog());
        assertThat(raised).extracting(StatusEvent::state).containsExactly(BroadcastState.HELP);
        assertThat(raised.get(0).taskId()).isEqualTo("task-2");
        assertThat(raised.get(0).message()).contains("rm -rf build");
        assertThat(raised.get(0).meta()).containsEntry("waiting_for", "rm -rf build");
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(monitor.observe(W, turn.dialog())).as("look %d at the same dialog", i).isEmpty();
        }
        assertThat(keys).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void aDialogAPersonAnsweredIsReportedAsWorkingAgainOnce(AgentScreens.Turn turn) {
        AgentTurnMonitor monitor = started(turn, PermissionPolicy.none(), "task-3");
        monitor.observe(W, turn.busy());
        monitor.observe(W, turn.dialog());
        clock.advance(Duration.ofSeconds(40)); // a person reads, then answers in the pane
        assertThat(monitor.observe(W, turn.busy())).singleElement().satisfies(again -> {
            assertThat(again.state()).isEqualTo(BroadcastState.START);
            assertThat(again.taskId()).isEqualTo("task-3");
            assertThat(again.message()).startsWith("working again");
        });
        assertThat(monitor.observe(W, turn.busy())).isEmpty();
        monitor.observe(W, turn.end());
        clock.advance(SETTLE);
        assertThat(monitor.observe(W, turn.end())).extracting(StatusEvent::state).containsExactly(BroadcastState.DONE);
        assertThat(keys).isEmpty();
    }

    /** A dialog answered No or Esc ends the turn: the task fails as declined, naming the command; never DONE. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void aDeclinedDialogEndsTheTaskDeclined(AgentScreens.Turn turn) {
        AgentTurnMonitor monitor = started(turn, PermissionPolicy.none(), "task-9");
        monitor.observe(W, turn.busy());
        monitor.observe(W, turn.dialog());
        clock.advance(Duration.ofSeconds(20)); // a person answers no: the agent's prompt is back, it did not work
        monitor.observe(W, turn.idle());
        clock.advance(SETTLE);
        assertThat(monitor.observe(W, turn.idle())).singleElement().satisfies(end -> {
            assertThat(end.state()).isEqualTo(BroadcastState.ERROR);
            assertThat(end.message()).startsWith("permission declined: rm -rf build");
            assertThat(end.meta()).containsEntry("declined", "rm -rf build");
        });
    }

    /**
     * Claude Code 2.1.330's open dialog redraws (a dot blinks) under a "Tip:" line: one HELP naming the command, however
     * long it stays open.
     */
    @org.junit.jupiter.api.Test
    void anOpenDialogIsOneHelpNamingTheCommand() {
        AgentScreens.Turn claude = AgentScreens.TURNS.get("claude");
        AgentTurnMonitor monitor = started(claude, PermissionPolicy.none(), "task-8");
        monitor.observe(W, claude.busy());
        List<StatusEvent> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(600));
            lines.addAll(monitor.observe(W, AgentScreens.load(i % 2 == 0 ? "claude-2.1.330-waiting-bash.txt"
                    : "claude-2.1.330-waiting-bash-blink.txt")));
        }
        assertThat(lines).filteredOn(e -> e.state() == BroadcastState.HELP).singleElement().satisfies(help -> {
            assertThat(help.meta()).containsEntry("waiting_for", "rm -rf build");
            assertThat(help.message()).contains("rm -rf build", "swarm answer worker-0 yes|no|cancel")
                    .doesNotContain("Tip:");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void aHarmlessDialogThePolicyAllowsIsAnsweredOnceHalfASecondAfterItOpened(AgentScreens.Turn turn) {
        AgentTurnMonitor monitor = started(turn, new PermissionPolicy(List.of("ls"), List.of()), "task-4");
        // Gemini's young session still shows its banner "Authenticated with gemini-api-key" in the dialog's region,
        // and "-key" is a dangerous word (HELP, a false alarm on the safe side): here it has scrolled away
        String harmless = turn.dialog().replace("rm -rf build", "ls build").lines()
                .filter(l -> !l.contains("gemini-api-key")).collect(Collectors.joining("\n", "", "\n"));
        monitor.observe(W, turn.busy());
        assertThat(monitor.observe(W, harmless)).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(BroadcastState.START);
            assertThat(e.message()).contains("approved by policy");
        });
        clock.advance(Duration.ofMillis(499)); // a key sent the instant a dialog opens is dropped by the agent
        monitor.observe(W, harmless);
        assertThat(keys).isEmpty();
        clock.advance(Duration.ofMillis(1));
        monitor.observe(W, harmless);
        List<String> approve = AgentProfiles.builtin().get(turn.agent()).approveKeys();
        assertThat(keys).isEqualTo(approve);
        clock.advance(Duration.ofSeconds(5));
        monitor.observe(W, harmless);
        assertThat(keys).as("answered once").isEqualTo(approve);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void anAgentThatExitsDuringItsTurnLeavesTheTaskToTheMastersRequeue(AgentScreens.Turn turn) {
        AgentTurnMonitor monitor = started(turn, PermissionPolicy.none(), "task-5");
        monitor.observe(W, turn.busy());
        String said = monitor.exited(W, 137).orElseThrow();
        assertThat(said).contains("task-5", "status 137", "goes back to the queue", "swarm restart worker-0");
        assertThat(marker.get(W)).isEmpty();
        assertThat(monitor.exited(W, 137)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void aRestartedMasterAdoptsTheTaskTheWorkersMarkerNames(AgentScreens.Turn turn) {
        marker.set(W, "task-6"); // written by the master before it died
        AgentTurnMonitor monitor = monitor(turn, PermissionPolicy.none());
        assertThat(monitor.observe(W, turn.busy())).isEmpty();
        assertThat(monitor.taskOf(W)).contains("task-6");
        monitor.observe(W, turn.end());
        clock.advance(SETTLE);
        assertThat(monitor.observe(W, turn.end())).singleElement()
                .satisfies(done -> assertThat(done.taskId()).isEqualTo("task-6"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void whileAPromptIsBeingTypedTheScreenIsTheDeliverysBusiness(AgentScreens.Turn turn) {
        AgentTurnMonitor monitor = monitor(turn, PermissionPolicy.none());
        monitor.delivering(W);
        assertThat(monitor.observe(W, turn.idle())).isEmpty();
        assertThat(monitor.observe(W, turn.dialog())).isEmpty();
        monitor.deliveryFailed(W);
        assertThat(monitor.observe(W, turn.idle())).extracting(StatusEvent::state).containsExactly(BroadcastState.START);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agents")
    void asksForAnotherLookOnlyWhileItFollowsATurnAndAsSoonAsTheSettleTimeIsDue(AgentScreens.Turn turn) {
        AgentTurnMonitor monitor = monitor(turn, PermissionPolicy.none());
        monitor.observe(W, turn.idle());
        assertThat(monitor.lookAgainIn(W)).as("an idle agent is read again when it prints").isEmpty();
        marker.set(W, "task-1");
        monitor.started(W, "task-1", "test");
        monitor.observe(W, turn.busy());
        assertThat(monitor.lookAgainIn(W)).contains(AgentTurnMonitor.FOLLOW);
        monitor.observe(W, turn.idle()); // the prompt is back: it must stay for SETTLE
        assertThat(monitor.lookAgainIn(W)).contains(AgentTurnMonitor.FOLLOW);
        clock.advance(SETTLE.minusMillis(200));
        monitor.observe(W, turn.idle());
        assertThat(monitor.lookAgainIn(W)).contains(Duration.ofMillis(200));
        clock.advance(Duration.ofMillis(200));
        assertThat(monitor.observe(W, turn.idle())).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(BroadcastState.DONE));
        assertThat(monitor.lookAgainIn(W)).isEmpty();
    }
}
