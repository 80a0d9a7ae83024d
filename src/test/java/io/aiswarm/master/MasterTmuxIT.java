package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.cli.SwarmMain;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileMasterLease;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on a real tmux server: exec workers, real task scripts, masters in this JVM and in child JVMs. */
class MasterTmuxIT extends TmuxSwarmFixture {
    @Test
    void workersDrainTheQueueEachTaskExactlyOnce() throws Exception {
        startWorkers(3);
        List<String> ids = addMarkTasks(12, "sleep 0.2; ");
        SwarmMaster master = inProcessMaster(new CopyOnWriteArrayList<>());
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        RoundSummary last = run.get(120, TimeUnit.SECONDS);
        assertThat(last.drained()).isTrue();
        assertEveryMarkExactlyOnce(ids);
        TaskInfo one = state.queue().get(ids.get(0)).orElseThrow();
        assertThat(one.exitCode()).isZero();
        assertThat(config.paths().root().resolve(one.resultFile())).exists();
        assertThat(state.locks().list()).isEmpty();
    }

    @Test
    void aMasterKilledMidRunIsReplacedAndEveryTaskStillRunsOnce() throws Exception {
        startWorkers(3);
        List<String> ids = addMarkTasks(12, "sleep 1; ");
        Process first = masterJvm("master-1");
        await().atMost(Duration.ofSeconds(90)).until(() -> count(TaskStatus.DONE) >= 3);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, tasks keep running in their panes
        first.waitFor(20, TimeUnit.SECONDS);
        assertThat(count(TaskStatus.DONE)).as("killed mid-run").isLessThan(ids.size());
        Process second = masterJvm("master-2", "--exit-when-done");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("second master finished").isTrue();
        assertThat(second.exitValue()).isZero();
        assertEveryMarkExactlyOnce(ids);
    }

    @Test
    void aStandbyMasterTakesOverWhenTheActiveOneIsKilled() throws Exception {
        startWorkers(2);
        List<String> ids = addMarkTasks(6, "sleep 0.5; ");
        Process active = masterJvm("active");
        await().atMost(Duration.ofSeconds(60)).until(() -> FileMasterLease.holder(config.paths().masterLock())
                .isPresent() && count(TaskStatus.DONE) >= 1);
        Process standby = masterJvm("standby", "--exit-when-done");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("standby.log"))
                .contains("standby"));
        active.destroyForcibly();
        assertThat(standby.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("standby.log"))).contains("now active");
        assertEveryMarkExactlyOnce(ids);
    }

    @Test
    void theTaskOfAKilledWorkerPaneIsRequeuedAndRunsElsewhere() throws Exception {
        startWorkers(2);
        // the first attempt hangs until its pane is killed; the second one finishes
        List<String> ids = addMarkTasks(1, "[ \"$AI_SWARM_ATTEMPT\" = 1 ] && sleep 300; ");
        List<String> log = new CopyOnWriteArrayList<>();
        SwarmMaster master = inProcessMaster(log);
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(TaskStatus.RUNNING) == 1);
        String victim = state.queue().get(ids.get(0)).orElseThrow().workerId();
        server.run("kill-pane", "-t", tmux.pane(victim).orElseThrow().paneId());
        run.get(120, TimeUnit.SECONDS);
        TaskInfo task = state.queue().get(ids.get(0)).orElseThrow();
        assertThat(task.status()).isEqualTo(TaskStatus.DONE);
        assertThat(task.attempts()).isEqualTo(2);
        assertThat(task.workerId()).isNotEqualTo(victim);
        assertThat(log).contains("requeued " + ids.get(0));
        assertEveryMarkExactlyOnce(ids);
    }
    @Test
    void aBarePressEnterPromptIsAnsweredAndADangerousOneRaisesHelp() throws Exception {
        startWorkers(2);
        state.queue().addAll(List.of(
                new NewTask("enter", "printf 'Press Enter to continue'; read x; printf '%s\\n' enter >> '"
                        + marks + "'", null, null),
                new NewTask("danger", "printf 'Delete all files? [y/N] '; read a; printf '%s\\n' \"danger-$a\" >> '"
                        + marks + "'", null, null)));
        List<String> helps = new CopyOnWriteArrayList<>();
        SwarmMaster master = SwarmMaster.builder(config, Clock.systemUTC())
                .store(state)
                .panes(new TmuxWorkerPanes(tmux)).listener(new MasterListener() {
                    @Override
                    public void help(String workerId, String taskId, String message) {
                        helps.add(taskId);
                    }
                }).build();
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> helps.contains("danger"));
        await().atMost(Duration.ofSeconds(60)).until(() -> state.queue().get("enter").orElseThrow().status()
                == TaskStatus.DONE);
        TaskInfo danger = state.queue().get("danger").orElseThrow();
        assertThat(danger.status()).isEqualTo(TaskStatus.RUNNING); // nobody typed anything for it
        tmux.sendText(danger.workerId(), "n");
        tmux.sendKey(danger.workerId(), "Enter");
        run.get(60, TimeUnit.SECONDS);
        assertThat(Files.readAllLines(marks)).containsExactlyInAnyOrder("enter", "danger-n");
        assertThat(Files.readString(config.paths().decisionsLog())).contains("SEND_ENTER").contains("RAISE_HELP");
    }
    @Test
    void aCancelledRunningTaskIsInterruptedAndItsWorkerMovesOn() throws Exception {
        startWorkers(1);
        state.queue().addAll(List.of(
                new NewTask("long", "sleep 300; printf '%s\\n' long >> '" + marks + "'", null, null),
                new NewTask("next", "printf '%s\\n' next >> '" + marks + "'", null, null)));
        SwarmMaster master = inProcessMaster(new CopyOnWriteArrayList<>());
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(TaskStatus.RUNNING) == 1);
        state.queue().update("long", t -> t.finished(TaskStatus.CANCELLED, null, null, "cancelled", null));
        run.get(60, TimeUnit.SECONDS);
        assertThat(Files.readAllLines(marks)).containsExactly("next");
        assertThat(state.queue().get("next").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
    }
}
