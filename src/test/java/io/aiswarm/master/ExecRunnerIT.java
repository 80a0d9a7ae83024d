package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskSchedule;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.tmux.AgentPane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Exec workers with a long-lived runner per pane ({@link ExecRunner}) on a real tmux server, real processes. */
class ExecRunnerIT extends TmuxSwarmFixture {
    @Override
    Map<String, String> moreEnv() {
        return Map.of(ExecRunner.ENV_RUNNER, "on");
    }

    private AgentPane pane(String worker) {
        return tmux.pane(worker).orElseThrow();
    }

    @Test
    void manyTasksRunThroughOnePaneEachOnceWithTheirOwnLogs() throws Exception {
        startWorkers(1);
        List<String> ids = addMarkTasks(30, "echo out-$AI_SWARM_TASK_ID; ");
        SwarmMaster master = inProcessMaster(new CopyOnWriteArrayList<>());
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(TaskStatus.DONE) >= 2);
        long runner = pane("worker-0").pid();
        run.get(120, TimeUnit.SECONDS);
        assertEveryMarkExactlyOnce(ids);
        assertThat(pane("worker-0").pid()).as("the same runner ran them all").isEqualTo(runner);
        assertThat(pane("worker-0").dead()).isFalse();
        Path log = config.paths().resultLog(ids.get(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("out-" + ids.get(20)));
        assertThat(Files.readString(log)).isEqualTo("out-" + ids.get(20) + "\r\n");
        TaskInfo done = state.queue().get(ids.get(20)).orElseThrow();
        assertThat(((Number) done.extra().get(ProcessGroups.RUNNER)).longValue()).isEqualTo(runner);
        assertThat(Files.list(config.paths().runDir()).map(p -> p.getFileName().toString()))
                .as("each attempt's files are removed when it ends")
                .noneMatch(n -> n.startsWith("task-"));
    }

    @Test
    void commandsRunByteForByteWhateverTheirSize() throws Exception {
        startWorkers(1);
        String odd = "printf '%s\\n' \"a'b\\\"c \\$HOME %d \\\\ ; # {x} ~ é\" >> '" + marks + "'";
        String big = "x='" + "y".repeat(200_000) + "'; printf '%s\\n' ${#x} >> '" + marks + "'";
        state.queue().addAll(List.of(new NewTask("first", "true", null, 9), new NewTask("odd", odd, null, 5),
                new NewTask("-dash", "printf '%s\\n' dash >> '" + marks + "'", null, 4),
                new NewTask("big", big, null, 3)));
        SwarmMaster master = inProcessMaster(new CopyOnWriteArrayList<>());
        pool.submit(() -> master.runUntil(() -> false, true, false)).get(120, TimeUnit.SECONDS);
        assertThat(Files.readAllLines(marks, StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("a'b\"c $HOME %d \\ ; # {x} ~ é", "dash", "200000");
    }

    /**
     * Short commands come whole on the runner's FIFO line, escaped; every character survives the trip (the runner
     * decodes with printf %b), including newlines, quotes, backslashes, escapes and text outside ASCII.
     */
    @Test
    void commandsThatComeWholeOnTheFifoLineRunByteForByte() throws Exception {
        startWorkers(1);
        StringBuilder text = new StringBuilder();
        for (char c = 2; c <= 0xff; c++) if (c != '\'' && c != 0x7f) text.append(c);
        text.append("\u4e2d\u6587 \ud83d\ude00 \\x41 \\\\ %s %b $x `y` \\n");
        Path out = dir.resolve("bytes.out");
        String command = "printf '%s' '" + text + "' > '" + out + "'";
        assertThat(RunnerChannel.inlineLine(new TaskInfo("t", command, null, 5, TaskStatus.PENDING, 0, 1, null,
                null, null, null, null, null, null, null, null, null), List.of())).as("short enough to come whole").isPresent();
        state.queue().addAll(List.of(new NewTask("first", "true", null, 9), new NewTask("bytes", command, null, 5),
                new NewTask("after", "printf '%s\\n' after >> '" + marks + "'", null, 4)));
        SwarmMaster master = inProcessMaster(new CopyOnWriteArrayList<>());
        pool.submit(() -> master.runUntil(() -> false, true, false)).get(120, TimeUnit.SECONDS);
        assertThat(new String(Files.readAllBytes(out), StandardCharsets.UTF_8)).isEqualTo(text.toString());
        assertThat(Files.readAllLines(marks)).containsExactly("after");
        assertThat(state.queue().get("bytes").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
    }

    /** A line that is not a whole attempt (the rest of one a Ctrl-C cut short) is dropped; the runner goes on. */
    @Test
    void aLineOfAnotherShapeRunsNothingAndTheRunnerGoesOn() throws Exception {
        startWorkers(1);
        state.queue().addAll(List.of(new NewTask("first", "true", null, 9)));
        SwarmMaster master = inProcessMaster(new CopyOnWriteArrayList<>());
        pool.submit(() -> master.runUntil(() -> false, true, false)).get(60, TimeUnit.SECONDS);
        Path fifo = ExecRunner.fifo(config.paths(), "worker-0");
        Path evil = dir.resolve("evil.out");
        String cut = "x 1 2 x; touch '" + evil + "' x\\x20y\n"; // valid task, attempt and tag; fields of no attempt
        Files.writeString(fifo, cut + "rest\\x20of\\x20a\\x20line\n");
        state.queue().addAll(List.of(new NewTask("after", "printf '%s\\n' after >> '" + marks + "'", null, 4)));
        pool.submit(() -> master.runUntil(() -> false, true, false)).get(60, TimeUnit.SECONDS);
        assertThat(Files.readAllLines(marks)).containsExactly("after");
        assertThat(evil).doesNotExist();
    }

    @Test
    void aCancelledTaskGetsCtrlCAndTheSameRunnerTakesTheNext() throws Exception {
        startWorkers(1);
        state.queue().addAll(List.of(
                new NewTask("long", "sleep 300; printf '%s\\n' long >> '" + marks + "'", null, 5),
                new NewTask("next", "printf '%s\\n' next >> '" + marks + "'", null, 1)));
        SwarmMaster master = inProcessMaster(new CopyOnWriteArrayList<>());
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(TaskStatus.RUNNING) == 1);
        long runner = pane("worker-0").pid();
        state.queue().update("long", t -> t.finished(TaskStatus.CANCELLED, null, null, "cancelled", null));
        run.get(60, TimeUnit.SECONDS);
        assertThat(Files.readAllLines(marks)).containsExactly("next");
        assertThat(state.queue().get("next").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
        assertThat(pane("worker-0").pid()).as("Ctrl-C reached the task, not the runner").isEqualTo(runner);
    }

    @Test
    void aTaskThatIgnoresCtrlCIsKilledAtItsTimeoutAndTheRunnerGoesOn() throws Exception {
        startWorkers(1);
        state.queue().add(new NewTask("hang", "trap '' INT HUP TERM; sleep 300 & wait", null, 5,
                Map.of(TaskSchedule.TIMEOUT, "2s")));
        state.queue().add(new NewTask("next", "printf '%s\\n' next >> '" + marks + "'", null, 1));
        SwarmMaster master = inProcessMaster(new CopyOnWriteArrayList<>());
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(TaskStatus.RUNNING) == 1);
        long runner = pane("worker-0").pid();
        run.get(90, TimeUnit.SECONDS);
        assertThat(state.queue().get("hang").orElseThrow().error()).isEqualTo("timed out after 2s");
        assertThat(markCounts()).containsEntry("next", 1L);
        assertThat(pane("worker-0").pid()).isEqualTo(runner);
    }

    @Test
    void aPersonTypesIntoARunningTask() throws Exception {
        startWorkers(1);
        state.queue().addAll(List.of(new NewTask("warm", "true", null, 5),
                new NewTask("ask", "printf 'Your name? '; read n; printf '%s\\n' \"hi-$n\" >> '" + marks + "'", null, 1)));
        SwarmMaster master = inProcessMaster(new CopyOnWriteArrayList<>());
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> state.queue().get("ask").orElseThrow().status()
                == TaskStatus.RUNNING && tmux.capture("worker-0", 20).contains("Your name?"));
        tmux.sendText("worker-0", "ada");
        tmux.sendKey("worker-0", "Enter");
        run.get(60, TimeUnit.SECONDS);
        assertThat(Files.readAllLines(marks)).containsExactly("hi-ada");
        assertThat(Files.readString(config.paths().resultLog("ask"))).contains("Your name? ada");
    }

    @Test
    void aRunnerKilledMidTaskHasItsTaskKilledAndRunAgainOnce() throws Exception {
        startWorkers(1);
        Path pid = dir.resolve("task.pid");
        // attempt 1 waits (in its own process group) until it is killed; attempt 2 finishes
        state.queue().addAll(List.of(new NewTask("warm", "true", null, 5), new NewTask("victim",
                "echo $$ > '" + pid + "'; [ \"$AI_SWARM_ATTEMPT\" = 1 ] && sleep 300; printf '%s\\n' victim >> '"
                        + marks + "'", null, 1)));
        List<String> log = new CopyOnWriteArrayList<>();
        SwarmMaster master = inProcessMaster(log);
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> state.queue().get("victim").orElseThrow().status()
                == TaskStatus.RUNNING && Files.exists(pid) && !Files.readString(pid).isBlank());
        long first = Long.parseLong(Files.readString(pid).strip());
        ProcessHandle.of(pane("worker-0").pid()).orElseThrow().destroyForcibly(); // SIGKILL the runner
        run.get(120, TimeUnit.SECONDS);
        TaskInfo victim = state.queue().get("victim").orElseThrow();
        assertThat(victim.status()).isEqualTo(TaskStatus.DONE);
        assertThat(victim.attempts()).isEqualTo(2);
        assertThat(running(first))
                .as("the first attempt's process group was killed before the second ran").isFalse();
        assertThat(markCounts()).containsEntry("victim", 1L);
        assertThat(log).contains("requeued victim");
    }

    @Test
    void aRestartedMasterAdoptsATaskARunnerRuns() throws Exception {
        startWorkers(1);
        state.queue().addAll(List.of(new NewTask("warm", "true", null, 5),
                new NewTask("slow", "sleep 4; printf '%s\\n' slow >> '" + marks + "'", null, 1)));
        Process first = masterJvm("master-1");
        await().atMost(Duration.ofSeconds(90)).until(() -> state.queue().get("slow").orElseThrow().status()
                == TaskStatus.RUNNING);
        first.destroyForcibly();
        first.waitFor(20, TimeUnit.SECONDS);
        Process second = masterJvm("master-2", "--exit-when-done");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("second master finished").isTrue();
        assertThat(Files.readString(dir.resolve("master-2.log"))).contains("adopted task slow");
        assertEveryMarkExactlyOnce(List.of("slow"));
    }
}
