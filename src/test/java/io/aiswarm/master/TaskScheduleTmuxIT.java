package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskSchedule;
import io.aiswarm.state.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Time limits, retries and dependencies on a real tmux server with real exec task scripts. */
class TaskScheduleTmuxIT extends TmuxSwarmFixture {
    @Test
    void aTaskThatIgnoresCtrlCIsStoppedWithItsProcessTreeAndItsWorkerRunsTheNext() throws Exception {
        startWorkers(1);
        Path pid = dir.resolve("child.pid");
        // ignores Ctrl-C (and a hang-up), its child too: only killing the pane's process tree stops it
        state.queue().add(new NewTask("hang", "trap '' INT HUP TERM; sleep 300 & echo $! > '" + pid + "'; wait", null, 1,
                Map.of(TaskSchedule.TIMEOUT, "2s")));
        state.queue().add(new NewTask("next", "printf '%s\\n' next >> '" + marks + "'", null, 5));
        List<String> log = new CopyOnWriteArrayList<>();
        SwarmMaster master = inProcessMaster(log);
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        run.get(90, TimeUnit.SECONDS);
        TaskInfo hang = state.queue().get("hang").orElseThrow();
        assertThat(hang.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(hang.error()).isEqualTo("timed out after 2s");
        long child = Long.parseLong(Files.readString(pid).strip());
        assertThat(running(child)).as("sleep child killed; " + log).isFalse();
        assertThat(state.queue().get("next").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
        assertThat(markCounts()).containsEntry("next", 1L);
    }

    @Test
    void aFailedAttemptIsRetriedAfterItsDelayAndTheSecondOneSucceeds() throws Exception {
        startWorkers(1);
        state.queue().add(new NewTask("flaky", "[ \"$AI_SWARM_ATTEMPT\" = 1 ] && exit 3; printf '%s\\n' flaky >> '"
                + marks + "'", null, null, Map.of(TaskSchedule.RETRIES, 2, TaskSchedule.BACKOFF, "1s")));
        SwarmMaster master = inProcessMaster(new CopyOnWriteArrayList<>());
        long start = System.nanoTime();
        pool.submit(() -> master.runUntil(() -> false, true, false)).get(90, TimeUnit.SECONDS);
        TaskInfo flaky = state.queue().get("flaky").orElseThrow();
        assertThat(flaky.status()).isEqualTo(TaskStatus.DONE);
        assertThat(flaky.attempts()).isEqualTo(2);
        assertThat(TaskSchedule.failures(flaky)).singleElement().satisfies(f -> {
            assertThat(((Number) f.get("exit_code")).intValue()).isEqualTo(3);
            assertThat(((Number) f.get("attempt")).intValue()).isEqualTo(1);
        });
        assertThat(System.nanoTime() - start).as("waited for the backoff").isGreaterThan(1_000_000_000L);
        assertThat(markCounts()).containsEntry("flaky", 1L);
    }

    @Test
    void dependenciesHoldAcrossAMasterRestartAndAFailedOneBlocksItsDependents() throws Exception {
        startWorkers(2);
        state.queue().addAll(List.of(
                new NewTask("a", "sleep 2; printf '%s\\n' a >> '" + marks + "'", null, 5),
                new NewTask("b", "printf '%s\\n' b >> '" + marks + "'", null, 1,
                        Map.of(TaskDependencies.AFTER, List.of("a"))),
                new NewTask("broken", "exit 4", null, 5),
                new NewTask("c", "printf '%s\\n' c >> '" + marks + "'", null, 1,
                        Map.of(TaskDependencies.AFTER, List.of("broken", "b")))));
        SwarmMaster first = inProcessMaster(new CopyOnWriteArrayList<>());
        Future<RoundSummary> run = pool.submit(() -> first.runUntil(() -> false, false, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> state.queue().get("a").orElseThrow().status()
                == TaskStatus.RUNNING);
        first.stop(); // a keeps running in its pane while no master runs
        run.get(30, TimeUnit.SECONDS);
        first.close();
        assertThat(state.queue().get("b").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
        SwarmMaster second = inProcessMaster(new CopyOnWriteArrayList<>());
        RoundSummary last = pool.submit(() -> second.runUntil(() -> false, true, false)).get(90, TimeUnit.SECONDS);
        assertThat(Files.readAllLines(marks)).containsExactly("a", "b"); // b after a, each once; c never
        assertThat(state.queue().get("b").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
        TaskInfo c = state.queue().get("c").orElseThrow();
        assertThat(c.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(TaskDependencies.blockedBy(c, state.queue()::get)).contains("dependency 'broken' failed");
        assertThat(last.blocked()).isEqualTo(1);
    }
}
