package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.master.AgentStatus;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.file.FileStatusLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every state and transition of an agent turn, on the simulated agent in a real tmux, into a real status log. */
class AgentTurnMonitorIT {
    private static final String W = "worker-0";
    private static final AgentProfile SIM = AgentProfiles.builtin().get("sim");
    @TempDir
    Path tmp;
    private SimAgentPane pane;
    private AgentTaskMarker marker;
    private StatusBroadcaster broadcaster;
    private final List<StatusEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        pane = new SimAgentPane(tmp, W, Map.of("SIM_AGENT_DIALOG_GRACE", "0.1"));
        marker = new AgentTaskMarker(tmp);
        broadcaster = new StatusBroadcaster(new FileStatusLog(tmp.resolve("status.log")), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        pane.close();
    }

    @Test
    void readyAgentAnnouncesItselfOnceThenATurnEndsInDone() {
        AgentTurnMonitor monitor = monitor(PermissionPolicy.none());
        watchUntil(monitor, e -> e.state() == BroadcastState.START);
        assertThat(events.get(0).taskId()).isEmpty();
        runTask(monitor, "task-1", "write the docs sleep:1.5");
        StatusEvent done = watchUntil(monitor, e -> e.state() == BroadcastState.DONE);
        assertThat(done.taskId()).isEqualTo("task-1");
        assertThat(done.message()).contains("Worked for");
        assertThat(done.meta()).doesNotContainKey("interrupted");
        assertThat(marker.get(W)).isEmpty();
        assertThat(events).filteredOn(e -> e.state() == BroadcastState.START && !e.hasTask()).hasSize(1);
        assertThat(pane.events()).containsExactly("prompt write the docs sleep:1.5", "end");
    }

    @Test
    void dangerousPermissionDialogRaisesHelpWithTheCommandAndIsNeverApproved() throws Exception {
        AgentTurnMonitor monitor = monitor(new PermissionPolicy(List.of("rm"), List.of("Bash command")));
        runTask(monitor, "task-2", "clean: rm -rf build");
        StatusEvent help = watchUntil(monitor, e -> e.state() == BroadcastState.HELP);
        assertThat(help.taskId()).isEqualTo("task-2");
        assertThat(help.message()).contains("rm -rf build").contains("never approved");
        assertThat(help.meta()).containsEntry("waiting_for", "rm -rf build");
        assertThat(events).extracting(StatusEvent::state).contains(BroadcastState.HELP)
                .doesNotContain(BroadcastState.WAIT);
        // the screen goes on being read while nobody answers: no second HELP, nothing typed
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    events.addAll(monitor.observe(W, pane.capture(W)));
                    return events.stream().filter(e -> e.state() == BroadcastState.HELP).count() == 1;
                });
        assertThat(read().status()).isEqualTo(AgentStatus.WAITING);
        assertThat(pane.events()).noneMatch(l -> l.startsWith("approved"));
    }

    @Test
    void personAnsweringNoEndsTheTaskDeclined() throws Exception {
        AgentTurnMonitor monitor = personAnswers("task-3", "ask:make deploy", "3");
        StatusEvent end = watchUntil(monitor, e -> e.state() == BroadcastState.ERROR);
        assertThat(end.message()).startsWith("permission declined: make deploy");
        assertThat(end.meta()).containsEntry("declined", "make deploy").containsEntry("interrupted", true);
        assertThat(events).noneMatch(e -> e.state() == BroadcastState.DONE);
        assertThat(pane.events()).contains("denied make deploy");
    }

    @Test
    void personAnsweringYesIsReportedAsWorkingAgain() throws Exception {
        AgentTurnMonitor monitor = personAnswers("task-6", "ask:make deploy", "1");
        StatusEvent again = watchUntil(monitor, e -> e.state() == BroadcastState.START
                && e.message().startsWith("working again"));
        assertThat(again.taskId()).isEqualTo("task-6");
        watchUntil(monitor, e -> e.state() == BroadcastState.DONE);
        assertThat(events).extracting(StatusEvent::state).containsSubsequence(
                BroadcastState.HELP, BroadcastState.START, BroadcastState.DONE);
        assertThat(events).filteredOn(e -> e.message().startsWith("working again")).hasSize(1);
        assertThat(pane.events()).contains("approved make deploy");
    }

    @Test
    void policyApprovesAnAllowedHarmlessCommandOnce() {
        AgentTurnMonitor monitor = monitor(new PermissionPolicy(List.of("ls"), List.of()));
        runTask(monitor, "task-4", "ask:ls build");
        StatusEvent done = watchUntil(monitor, e -> e.state() == BroadcastState.DONE);
        assertThat(done.taskId()).isEqualTo("task-4");
        assertThat(events).noneMatch(e -> e.state() == BroadcastState.HELP);
        assertThat(events).noneMatch(e -> e.state() == BroadcastState.WAIT);
        assertThat(events).anyMatch(e -> e.state() == BroadcastState.START && e.message().contains("approved by policy"));
        assertThat(pane.events()).containsExactly("prompt ask:ls build", "dialog ls build", "approved ls build", "end");
    }

    @Test
    void chainedCommandIsNotCoveredByAnAllowedPrefix() {
        AgentTurnMonitor monitor = monitor(new PermissionPolicy(List.of("ls"), List.of()));
        runTask(monitor, "task-5", "ask:ls build && make");
        StatusEvent help = watchUntil(monitor, e -> e.state() == BroadcastState.HELP);
        assertThat(help.meta()).containsEntry("waiting_for", "ls build && make");
        assertThat(pane.events()).noneMatch(l -> l.startsWith("approved"));
    }

    /** A task whose dialog raises HELP, then a person's key in the pane; returns the monitor to watch on with. */
    private AgentTurnMonitor personAnswers(String taskId, String prompt, String key) throws InterruptedException {
        AgentTurnMonitor monitor = monitor(PermissionPolicy.none());
        runTask(monitor, taskId, prompt);
        watchUntil(monitor, e -> e.state() == BroadcastState.HELP);
        // a key sent the instant a dialog opens is dropped (as Claude Code does): answer once it takes keys
        await().atMost(Duration.ofSeconds(10)).until(() -> pane.events().stream().anyMatch(l -> l.startsWith("dialog ")));
        pane.sendKey(W, key);
        return monitor;
    }

    private AgentTurnMonitor monitor(PermissionPolicy policy) {
        return new AgentTurnMonitor(SIM, broadcaster, marker, policy, pane, Clock.systemUTC(), Duration.ofMillis(800));
    }

    private void runTask(AgentTurnMonitor monitor, String taskId, String prompt) {
        await().atMost(Duration.ofSeconds(15)).until(() -> read().status() == AgentStatus.IDLE);
        marker.set(W, taskId);
        DeliveryResult r = PromptDeliveryIT.delivery(pane).deliver(W, prompt);
        assertThat(r.delivered()).as(r.notes().toString()).isTrue();
        monitor.started(W, taskId, r.reason());
    }

    private StatusEvent watchUntil(AgentTurnMonitor monitor, Predicate<StatusEvent> wanted) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(150)).until(() -> {
            events.addAll(monitor.observe(W, pane.capture(W)));
            return events.stream().anyMatch(wanted);
        });
        return events.stream().filter(wanted).findFirst().orElseThrow();
    }

    private ScreenReading read() {
        return new AgentScreenReader(SIM).read(pane.capture(W));
    }
}
