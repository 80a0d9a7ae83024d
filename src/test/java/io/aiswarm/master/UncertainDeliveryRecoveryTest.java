package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.MutableClock;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.TmuxListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery of exec tasks decides from the pane's start command (which attempt it last ran) and from respawns tmux did
 * not answer: a task tmux may still start is never put back.
 */
class UncertainDeliveryRecoveryTest {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    final List<String> log = new ArrayList<>();

    /** Panes as a test sets them; a respawn is pending while {@code pending} says so. */
    private static final class Panes implements WorkerPanes {
        List<AgentPane> panes = List.of();
        boolean pending;

        @Override
        public List<AgentPane> panes() {
            return panes;
        }

        @Override
        public Map<String, String> captureAll(int lines) {
            return Map.of();
        }

        @Override
        public void runInPane(String workerId, String shellCommand, Path outputLog) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean respawnPending(String workerId) {
            return pending;
        }

        @Override
        public void sendKey(String workerId, String key) {
        }

        @Override
        public void sendText(String workerId, String text) {
        }

        @Override
        public void addListener(TmuxListener listener, io.aiswarm.tmux.PaneOutput output) {
        }
    }

    final Panes panes = new Panes();
    FileSwarmStore state;
    TaskRecovery recovery;
    TaskInfo task;
    TaskInfo assigned;

    @BeforeEach
    void assignOneTask() {
        state = FileSwarmStore.open(SwarmConfig.from("t", Map.of("AI_SWARM_DIR", dir.toString())), clock);
        recovery = new TaskRecovery(state.queue(), state.locks(), state.broadcaster(), clock, 3, log::add, panes, null);
        task = state.queue().add(NewTask.command("true"));
        assigned = state.queue().update(task.taskId(), t -> t.assignedTo("worker-0", clock.instant()));
    }

    @Test
    void aTaskWhoseRespawnTmuxDidNotAnswerStaysAssignedUntilThePaneShowsWhatHappened() {
        state.locks().acquire(task.taskId(), "worker-0");
        recovery.dispatched(task.taskId(), assigned.attempts());
        // the pane still shows the previous task's ended run; tmux has not answered the respawn
        AgentPane old = new AgentPane("worker-0", "%1", 10, "bash", true, 0, 0, "bash /s/run/other.1.sh other 1");
        panes.panes = List.of(old);
        panes.pending = true;
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(recovery.check(scan(old), state.queue().active())).isEmpty();
        }
        assertThat(state.queue().get(task.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.ASSIGNED);

        // tmux carried it out late: the pane names this attempt, it runs
        AgentPane started = new AgentPane("worker-0", "%1", 11, "bash", false, null, 0,
                "bash /s/run/" + task.taskId() + ".1.sh " + task.taskId() + " 1");
        panes.panes = List.of(started);
        panes.pending = false;
        assertThat(recovery.check(scan(started), state.queue().active())).isEmpty();

        // it ended without a DONE line: now it is put back, the attempt counted
        AgentPane ended = new AgentPane("worker-0", "%1", 11, "bash", true, 137, 0, started.startCommand());
        panes.panes = List.of(ended);
        List<TaskInfo> requeued = recovery.check(scan(ended), state.queue().active());
        assertThat(requeued).extracting(TaskInfo::status).containsExactly(TaskStatus.PENDING);
        assertThat(requeued.get(0).attempts()).isEqualTo(1);
    }

    @Test
    void aTaskOfThisMasterWhoseRespawnWasAnsweredButNeverRanIsPutBackAtOnce() {
        AgentPane other = new AgentPane("worker-0", "%1", 10, "bash", true, 0, 0, "bash /s/run/x.1.sh x 1");
        panes.panes = List.of(other);
        // another master's task (not dispatched here): the grace for its respawn first
        assertThat(recovery.check(scan(other), state.queue().active())).isEmpty();
        clock.advance(TaskRecovery.EXEC_DELIVERY_GRACE.plusSeconds(1));
        assertThat(recovery.check(scan(other), state.queue().active())).extracting(TaskInfo::status)
                .containsExactly(TaskStatus.PENDING);
        assertThat(assigned.attempts()).isEqualTo(1);
    }

    /**
     * Another master respawned the pane as a runner after this master listed the panes, and the runner's START was in
     * the log this master read next: the task runs. It is requeued only when a fresh look shows that runner gone too.
     */
    @Test
    void aRunnerStartedAfterTheScanListedThePanesIsLookedUpAgainNotTakenForDead() {
        recovery.runners(state.paths());
        long runnerPid = 4242;
        TaskInfo running = state.queue().update(task.taskId(),
                t -> ProcessGroups.recorded(t.running(clock.instant()), 4300, 1, runnerPid));
        state.locks().acquire(task.taskId(), "worker-0");
        String runnerStart = "bash " + ExecRunner.script(state.paths()).toAbsolutePath() + " " + ExecRunner.fifoName("worker-0") + " 1 "
                + task.taskId() + " 1";
        AgentPane listedBefore = new AgentPane("worker-0", "%1", 10, "bash", false, null, 0, "sh");
        panes.panes = List.of(new AgentPane("worker-0", "%1", runnerPid, "bash", false, null, 0, runnerStart));
        assertThat(recovery.check(scan(listedBefore), List.of(running))).isEmpty();
        assertThat(state.queue().get(task.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);

        // the runner is gone now as well: requeued
        panes.panes = List.of(listedBefore);
        assertThat(recovery.check(scan(listedBefore), List.of(running))).extracting(TaskInfo::status)
                .containsExactly(TaskStatus.PENDING);
    }

    private MasterScanner.Scan scan(AgentPane pane) {
        return new MasterScanner.Scan(clock.instant(), Map.of(pane.workerId(), pane), Map.of(), Map.of(), List.of(),
                Map.of());
    }
}
