package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.SlowTmux;
import io.aiswarm.tmux.AgentPane;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The chaos run of issue 16, kept in the full tier: 1,000 exec tasks on 6 workers while masters are SIGKILLed, a
 * master runs on a tmux that answers slowly, task processes and panes are killed, and master.lock is removed under a
 * running master while a second one starts. Every task ends, and each ran once (its mark is written once).
 *
 * <p>Plain tasks write their mark and end. A few victims sleep first: a process victim's command is SIGKILLed while it
 * sleeps (its script reports exit 137: the task fails, no mark), a pane victim's pane is killed while it sleeps (the
 * task is requeued and runs once more, elsewhere, without sleeping).
 */
class ChaosIT extends TmuxSwarmFixture {
    private static final int TASKS = 1000;
    private static final int WORKERS = 6;
    private static final Duration PHASE = Duration.ofSeconds(240);
    /** Placed where the queue is when the kills happen (it runs in order), so they are running then. */
    private static final List<Integer> PROCESS_VICTIMS = List.of(320, 340, 360, 720, 740, 760);
    private static final List<Integer> PANE_VICTIMS = List.of(330, 350);

    @Test
    void aThousandTasksThroughKilledMastersSlowTmuxKilledTasksAndPanesAndTwoMastersEachRunOnce() throws Exception {
        startWorkers(WORKERS);
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            String id = String.format("task-%04d", i);
            String mark = "printf '%s\\n' " + id + " >> '" + marks + "'";
            String body = PROCESS_VICTIMS.contains(i) ? "sleep 30; " + mark
                    : PANE_VICTIMS.contains(i) ? "[ \"$AI_SWARM_ATTEMPT\" = 1 ] && sleep 30; " + mark
                    : mark;
            tasks.add(new NewTask(id, body, null, null));
        }
        state.queue().addAll(tasks);
        long started = System.nanoTime();

        Process a = masterJvm("master-a");
        awaitDone(150);
        kill(a, "master-a");

        Map<String, String> slow = Map.of("PATH", SlowTmux.path(SlowTmux.install(dir.resolve("slow-bin"), 0.2)));
        Process b = masterJvm("master-b-slow-tmux", slow);
        awaitDone(300);
        kill(b, "master-b");

        Process c = masterJvm("master-c");
        int processKills = killVictims(victims(PROCESS_VICTIMS), this::killCommand, 3);
        int paneKills = killVictims(victims(PANE_VICTIMS), this::killPane, 2);
        awaitDone(500);
        Files.delete(config.paths().masterLock());
        masterJvm("master-d");
        awaitDone(700);
        kill(c, "master-c"); // master-d takes over if it was standby
        processKills += killVictims(victims(PROCESS_VICTIMS), this::killCommand, 3);
        await().atMost(PHASE).until(() -> state.queue().list().stream().allMatch(t -> t.status().isFinal()));

        Map<String, Long> counts = markCounts();
        Map<Long, Long> byRuns = new TreeMap<>();
        counts.values().forEach(n -> byRuns.merge(n, 1L, Long::sum));
        Map<TaskStatus, Long> statuses = new TreeMap<>();
        state.queue().list().forEach(t -> statuses.merge(t.status(), 1L, Long::sum));
        System.out.printf("chaos: %d tasks in %d s, %d workers; masters killed 3, slow tmux 0.2 s, commands killed %d,"
                        + " panes killed %d, lease file removed once%n  ended: %s%n  marks: %d tasks marked; by number"
                        + " of marks: %s%n", TASKS, Duration.ofNanos(System.nanoTime() - started).toSeconds(), WORKERS,
                processKills, paneKills, statuses, counts.size(), byRuns);

        assertThat(counts.values()).as("no task ran twice").allMatch(n -> n == 1);
        for (TaskInfo t : state.queue().list()) {
            boolean killedCommand = t.status() == TaskStatus.FAILED && Integer.valueOf(137).equals(t.exitCode());
            if (killedCommand) {
                assertThat(counts).as(t.taskId() + " was killed before its mark").doesNotContainKey(t.taskId());
            } else {
                assertThat(t.status()).as(t.taskId() + " " + t.error()).isEqualTo(TaskStatus.DONE);
                assertThat(counts).as("marks of " + t.taskId()).containsEntry(t.taskId(), 1L);
            }
        }
        assertThat(Files.readString(dir.resolve("master-c.log"))).contains("steps down");
    }

    private static Predicate<String> victims(List<Integer> indexes) {
        return id -> indexes.contains(Integer.parseInt(id.substring("task-".length())));
    }

    private void awaitDone(int done) {
        await().atMost(PHASE).until(() -> count(TaskStatus.DONE) + count(TaskStatus.FAILED) >= done);
    }

    private static void kill(Process master, String name) throws Exception {
        master.destroyForcibly(); // SIGKILL: no shutdown hook; tasks go on in their panes
        assertThat(master.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as(name + " killed").isTrue();
    }

    /** Kills up to {@code max} running victims (waiting for each to run); returns how many it killed. */
    private int killVictims(Predicate<String> victim, java.util.function.ToIntFunction<TaskInfo> killer, int max) {
        int killed = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (killed < max && System.nanoTime() < deadline) {
            for (TaskInfo t : state.queue().list()) {
                if (killed < max && t.status() == TaskStatus.RUNNING && t.attempts() == 1 && victim.test(t.taskId())) {
                    killed += killer.applyAsInt(t);
                }
            }
            sleep(200);
        }
        return killed;
    }

    /** SIGKILL to the task's command (the children of its pane's script): the script reports exit 137. */
    private int killCommand(TaskInfo task) {
        AgentPane pane = tmux.pane(task.workerId()).orElse(null);
        if (pane == null || pane.dead()) return 0;
        List<ProcessHandle> children = ProcessHandle.of(pane.pid()).map(p -> p.children().toList()).orElse(List.of());
        children.forEach(ProcessHandle::destroyForcibly);
        return children.isEmpty() ? 0 : 1;
    }

    private int killPane(TaskInfo task) {
        AgentPane pane = tmux.pane(task.workerId()).orElse(null);
        if (pane == null || pane.dead()) return 0;
        server.run("kill-pane", "-t", pane.paneId());
        return 1;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
