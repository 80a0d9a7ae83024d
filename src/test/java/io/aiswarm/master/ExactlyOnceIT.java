package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.SlowTmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each task runs exactly once, also when tmux is slow, when two masters run, and when the directory is tampered with. */
class ExactlyOnceIT extends TmuxSwarmFixture {
    /**
     * tmux holds every command after a respawn for half a second, so an instant task has ended before its output
     * pipe is opened: the task is started, never rolled back, and its output is still all in its log.
     */
    @Test
    void aSlowTmuxNeverMakesATaskRunTwice() throws Exception {
        startWorkers(1);
        List<String> ids = addMarkTasks(4, "echo output-of-$AI_SWARM_TASK_ID; ");
        Map<String, String> slow = Map.of("PATH", SlowTmux.path(SlowTmux.install(dir.resolve("slow-bin"), 0.5)));
        Process master = masterJvm("slow-master", slow, "--exit-when-done");
        assertThat(master.waitFor(120, TimeUnit.SECONDS)).as("master finished").isTrue();
        System.out.println("slow tmux: marks " + markCounts());
        assertEveryMarkExactlyOnce(ids);
        for (String id : ids) {
            TaskInfo task = state.queue().get(id).orElseThrow();
            assertThat(task.attempts()).as("attempts of " + id).isEqualTo(1);
            assertThat(Files.readString(config.paths().root().resolve(task.resultFile())))
                    .contains("output-of-" + id);
        }
        assertThat(state.queue().list()).extracting(TaskInfo::status).containsOnly(TaskStatus.DONE);
        assertThat(Files.readString(dir.resolve("slow-master.log"))).doesNotContain("pending again");
    }

    /**
     * master.lock removed while the first master runs, then a second master started: the first notices that the
     * name no longer leads to its locked file and steps down; one of the two is active again (the other waits as
     * standby), and each task runs once.
     */
    @Test
    void aMasterWhoseLeaseFileIsRemovedStepsDownAndEachTaskRunsOnce() throws Exception {
        startWorkers(4);
        List<String> ids = addMarkTasks(200, "sleep 0.05; ");
        masterJvm("first");
        await().atMost(Duration.ofSeconds(120)).until(() -> count(TaskStatus.DONE) >= 20);
        Files.delete(config.paths().masterLock());
        masterJvm("second");
        await().atMost(Duration.ofSeconds(300)).until(() -> count(TaskStatus.DONE) == ids.size());
        System.out.println("lease removed: marks " + summary(markCounts()));
        assertThat(Files.readString(dir.resolve("first.log"))).contains("steps down");
        assertEveryMarkExactlyOnce(ids);
    }

    /**
     * Two masters active at once on the same panes (each runs rounds without the lease, in its own JVM): the task
     * locks keep a task from running twice, the worker claims keep a pane from being restarted under another
     * master's task.
     */
    @Test
    void twoActiveMastersOnTheSamePanesRunEachTaskOnce() throws Exception {
        startWorkers(4);
        List<String> ids = addMarkTasks(200, "sleep 0.02; ");
        Path go = dir.resolve("go");
        List<Process> masters = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            masters.add(JavaProcess.start(LeaselessMasterMain.class, env, dir.resolve("leaseless-" + i + ".log").toFile(),
                    config.paths().root().toString(), server.socket(), CLUSTER, go.toString()));
        }
        children.addAll(masters);
        Files.createFile(go);
        for (Process p : masters) assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("master drained").isTrue();
        System.out.println("two active masters: marks " + summary(markCounts()));
        assertEveryMarkExactlyOnce(ids);
    }

    /**
     * results/ replaced by a symbolic link while the master runs: the master reports it and starts nothing, nothing is
     * written where the link leads; with the directory put back, the task runs.
     */
    @Test
    void aResultsDirectoryReplacedByALinkIsRefusedNotFollowed() throws Exception {
        startWorkers(1);
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        SwarmMaster master = inProcessMaster(log);
        java.util.concurrent.Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, false, false));
        List<String> first = addMarkTasks(1, "echo first-output; ");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(TaskStatus.DONE) == 1);
        Path results = config.paths().resultsDir();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path moved = dir.resolve("results-moved");
        Files.move(results, moved);
        Files.createSymbolicLink(results, elsewhere);
        state.queue().add(new io.aiswarm.state.NewTask("second", "echo second-output; printf '%s\\n' second >> '"
                + marks + "'", null, null));
        // refused, and refused again by a later round (not a sleep: the rounds are what would write through it)
        await().atMost(Duration.ofSeconds(30)).until(() -> log.stream().filter(m -> m.contains("was replaced"))
                .count() >= 2);
        assertThat(log.stream().filter(m -> m.contains("was replaced")).findFirst().orElseThrow())
                .contains(results.toString()).contains("symbolic link");
        try (var listing = Files.list(elsewhere)) {
            assertThat(listing).as("nothing written through the link").isEmpty();
        }
        assertThat(state.queue().get("second").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
        Files.delete(results);
        Files.move(moved, results);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(TaskStatus.DONE) == 2);
        master.stop();
        run.get(30, TimeUnit.SECONDS);
        assertThat(Files.readString(results.resolve("second.log"))).contains("second-output");
        assertThat(markCounts()).containsEntry("second", 1L).containsEntry(first.get(0), 1L);
    }

    /**
     * A command that records its pid in a file, says "overlap" when the pid recorded by an earlier run is still alive,
     * and otherwise runs {@code body}: whether two runs of one task were ever alive at once.
     */
    private String overlapChecked(String body) {
        Path pidFile = dir.resolve("runner.pid");
        // alive: /proc has it and it is no zombie (a killed process waits a moment to be reaped)
        return "p=$(cat '" + pidFile + "' 2>/dev/null); if [ -n \"$p\" ] && [ -r /proc/$p/stat ]; then"
                + " read -r st < /proc/$p/stat; case \"$st\" in *') Z '*) ;; *) echo overlap >> '" + marks + "';;"
                + " esac; fi; echo $$ > '" + pidFile + "'; echo \"run $AI_SWARM_ATTEMPT\" >> '" + marks + "'; " + body;
    }

    /** A task that ignores SIGHUP outlives its killed pane: it runs again only once that old run is gone. */
    @Test
    void aTaskThatOutlivesItsKilledPaneDoesNotRunTwiceAtOnce() throws Exception {
        startWorkers(2);
        state.queue().add(new io.aiswarm.state.NewTask("hup", overlapChecked(
                "trap '' HUP; if [ \"$AI_SWARM_ATTEMPT\" = 1 ]; then sleep 60; fi"), null, null));
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        SwarmMaster master = inProcessMaster(log);
        java.util.concurrent.Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(TaskStatus.RUNNING) == 1);
        // RUNNING comes with START, a moment before the command's first line: kill the pane once it ignores SIGHUP
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marks)
                && Files.readAllLines(marks).contains("run 1"));
        String victim = state.queue().get("hup").orElseThrow().workerId();
        server.run("kill-pane", "-t", tmux.pane(victim).orElseThrow().paneId());
        run.get(120, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(marks);
        System.out.println("pane killed under a task ignoring SIGHUP: " + lines);
        assertThat(lines).containsExactly("run 1", "run 2");
        assertThat(state.queue().get("hup").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
    }

    /** A task still cleaning up after its cancel (Ctrl-C) and then retried runs again only once the cleanup ended. */
    @Test
    void aCancelledTaskRetriedWhileCleaningUpDoesNotRunTwiceAtOnce() throws Exception {
        startWorkers(1);
        Path once = dir.resolve("first-run");
        // the retry resets the attempts: the first run is told by a file; its sleep runs in the background, which a
        // non-interactive shell starts with SIGINT ignored, so Ctrl-C leaves it running beside the cleanup
        // it ignores SIGHUP too, so restarting its pane for the retry does not end it either
        state.queue().add(new io.aiswarm.state.NewTask("slow-cleanup", overlapChecked("trap '' HUP; trap 'sleep 3; exit 1' INT;"
                + " if [ ! -e '" + once + "' ]; then : > '" + once + "'; sleep 60 & wait; fi"), null, null));
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        SwarmMaster master = inProcessMaster(log);
        java.util.concurrent.Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, false, false));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(TaskStatus.RUNNING) == 1);
        io.aiswarm.state.TaskChanges.cancel(state.queue(), "slow-cleanup", java.time.Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> log.stream().anyMatch(m -> m.contains("interrupted")));
        io.aiswarm.state.TaskChanges.retry(state.queue(), "slow-cleanup", java.time.Instant.now());
        await().atMost(Duration.ofSeconds(90)).until(() -> count(TaskStatus.DONE) == 1);
        master.stop();
        run.get(30, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(marks);
        System.out.println("cancelled while cleaning up, then retried: " + lines);
        assertThat(lines).containsExactly("run 1", "run 1"); // retry resets attempts; never "overlap"
        assertThat(log).anyMatch(m -> m.contains("previous run (process group"));
    }

    /** "200 tasks: 200 ran once" (or which ran how often). */
    static String summary(Map<String, Long> counts) {
        Map<Long, Long> byRuns = new java.util.TreeMap<>();
        counts.values().forEach(n -> byRuns.merge(n, 1L, Long::sum));
        return counts.size() + " tasks ran; by number of runs: " + byRuns;
    }
}
