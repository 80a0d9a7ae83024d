package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.file.FileStatusLog;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.state.file.FileTaskLockManager;
import io.aiswarm.state.file.FileTaskQueue;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.MutableClock;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrency claims checked with real, separate JVM processes (threads share one JVM's locks and caches). */
class CrossProcessStateIT {
    @TempDir
    Path tmp;

    @Test
    void fourProcessesAddingWhileTheMasterUpdatesLoseNothing() throws Exception {
        Path tasks = tmp.resolve("tasks.json");
        Path go = tmp.resolve("go");
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            children.add(JavaProcess.start(QueueAdderMain.class, Map.of(), log("adder" + p),
                    tasks.toString(), go.toString(), "250", "p" + p));
        }
        Files.createFile(go);
        // meanwhile this JVM plays the master, assigning every other task it finds pending
        FileTaskQueue master = new FileTaskQueue(tasks, Clock.systemUTC());
        Set<String> assigned = new HashSet<>();
        while (children.stream().anyMatch(Process::isAlive)) {
            master.updateAll(t -> t.isPending() && t.seq() % 2 == 0 ? t.assignedTo("worker-9", Instant.now()) : t)
                    .stream().map(TaskQueue.Change::after).filter(t -> t.status() == TaskStatus.ASSIGNED).forEach(t -> assigned.add(t.taskId()));
        }
        awaitSuccess(children, 240);

        List<TaskInfo> all = master.list();
        assertThat(all).hasSize(1000);
        assertThat(assigned).isNotEmpty();
        for (TaskInfo t : all) {
            if (assigned.contains(t.taskId())) assertThat(t.status()).as("update of %s kept", t.taskId()).isEqualTo(TaskStatus.ASSIGNED);
        }
        assertThat(all).extracting(TaskInfo::taskId).doesNotHaveDuplicates();
        assertThat(all).extracting(TaskInfo::seq).doesNotHaveDuplicates();
        for (int p = 0; p < 4; p++) {
            String tag = "echo p" + p + "-";
            List<Integer> mine = all.stream().filter(t -> t.command().startsWith(tag))
                    .map(t -> Integer.parseInt(t.command().substring(tag.length()))).toList();
            // every add of every process is there, and in its order of arrival
            assertThat(mine).hasSize(250).isSorted();
        }
    }

    @Test
    void processesRacingForTheSameLocksWinEachExactlyOnce() throws Exception {
        Path dir = tmp.resolve("locks");
        int n = 150;
        MutableClock past = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
        FileTaskLockManager setup = new FileTaskLockManager(dir, 300, past);
        for (int i = 0; i < n; i += 3) setup.acquire("t" + i, "dead-worker"); // a third expired long ago
        for (int i = 1; i < n; i += 15) Files.writeString(dir.resolve("t" + i + ".lock"), "{\"task_id\": \"t"); // torn
        Path go = tmp.resolve("go");
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            children.add(JavaProcess.builder(LockRacerMain.class, List.of(dir.toString(), go.toString(),
                    String.valueOf(n), "worker-" + p)).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        Files.createFile(go);
        Map<String, List<String>> winners = new HashMap<>();
        for (int p = 0; p < 4; p++) {
            Process child = children.get(p);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts[1].equals("ACQUIRED") || parts[1].equals("TOOK_OVER")) {
                        winners.computeIfAbsent(parts[0], k -> new ArrayList<>()).add("worker-" + p);
                    } else {
                        assertThat(parts[1]).isEqualTo("HELD_BY_OTHER");
                    }
                }
            }
        }
        awaitSuccess(children, 120);
        FileTaskLockManager check = new FileTaskLockManager(dir, 300, Clock.systemUTC());
        for (int i = 0; i < n; i++) {
            String id = "t" + i;
            assertThat(winners.get(id)).as("winners of %s", id).hasSize(1);
            assertThat(check.read(id).orElseThrow().workerId()).isEqualTo(winners.get(id).get(0));
        }
        try (Stream<Path> corrupt = Files.list(check.corruptDir())) {
            assertThat(corrupt.count()).isEqualTo(10); // every torn lock kept aside, once
        }
    }

    @Test
    void concurrentStatusAppendsFromProcessesNeverInterleave() throws Exception {
        Path log = tmp.resolve("status.log");
        Path go = tmp.resolve("go");
        int perProcess = 1500;
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            children.add(JavaProcess.start(StatusAppenderMain.class, Map.of(), log("appender" + p),
                    log.toString(), go.toString(), String.valueOf(perProcess), "w" + p));
        }
        Files.createFile(go);
        awaitSuccess(children, 240);

        StatusFollower f = new FileStatusLog(log).follow();
        List<StatusEvent> events = f.poll();
        assertThat(f.malformedLines()).isZero();
        assertThat(events).hasSize(4 * perProcess);
        Map<String, Integer> next = new HashMap<>();
        for (StatusEvent e : events) {
            int n = ((Number) e.meta().get("n")).intValue();
            assertThat(n).isEqualTo(next.getOrDefault(e.workerId(), 0));
            assertThat(e.message()).isEqualTo(e.workerId().repeat(1 + (n % 7) * 300));
            next.put(e.workerId(), n + 1);
        }
    }

    @Test
    void aWriterKilledWithSigkillMidWriteLeavesFilesThatParse() throws Exception {
        Path dir = tmp.resolve("swarm");
        Set<String> seenTasks = new HashSet<>();
        for (int round = 0; round < 5; round++) {
            Process child = JavaProcess.builder(CrashingWriterMain.class, List.of(dir.toString(), "worker-" + round))
                    .redirectErrorStream(true).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(r.readLine()).isEqualTo("ready");
            // kill it at a different moment each round: after 1, 3, 5… acknowledged adds, while it writes on
            List<String> acknowledged = new ArrayList<>();
            while (acknowledged.size() < 1 + 2 * round) {
                String line = r.readLine();
                assertThat(line).as("the writer's next line").isNotNull().startsWith("added ");
                acknowledged.add(line.substring("added ".length()));
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            seenTasks.addAll(acknowledged);

            FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("default", Map.of(SwarmConfig.ENV_DIR, dir.toString())),
                    Clock.systemUTC());
            List<TaskInfo> tasks = state.queue().list(); // parses, or throws
            assertThat(tasks).extracting(TaskInfo::taskId).doesNotHaveDuplicates();
            assertThat(tasks.stream().map(TaskInfo::taskId).toList()).containsAll(seenTasks); // nothing acknowledged was lost
            tasks.forEach(t -> seenTasks.add(t.taskId()));
            try (Stream<Path> files = Files.list(dir.resolve("locks"))) {
                long lockFiles = files.filter(p -> p.getFileName().toString().endsWith(".lock")).count();
                assertThat(state.locks().list()).hasSize((int) lockFiles); // every lock file parses
            }
            StatusFollower f = state.statusLog().follow();
            f.poll();
            assertThat(f.malformedLines()).isZero();
        }
        assertThat(seenTasks).isNotEmpty();
        assertThat(Files.exists(dir.resolve("locks/corrupt"))).isFalse();
    }

    private File log(String name) {
        return tmp.resolve(name + ".out").toFile();
    }

    /**
     * Three processes add and finish tasks (retrying some) on a queue that moves finished tasks to its archive every few
     * writes, while this one reads it: a reader never loses a task it saw (tasks.json is read before the archive, and a
     * task is appended to the archive before tasks.json drops it), and at the end every task is there once, done.
     */
    @Test
    void processesArchivingWhileOthersReadLoseNoTaskAndCountEachOnce() throws Exception {
        Path tasks = tmp.resolve("tasks.json");
        Path go = tmp.resolve("go");
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            children.add(JavaProcess.start(QueueFinisherMain.class, Map.of(), log("finisher" + p),
                    tasks.toString(), go.toString(), "150", "p" + p, "7"));
        }
        Files.createFile(go);
        FileTaskQueue reader = new FileTaskQueue(tasks, Clock.systemUTC());
        Set<String> seen = new HashSet<>();
        int reads = 0;
        try {
            while (children.stream().anyMatch(Process::isAlive)) {
                Set<String> now = new HashSet<>();
                for (TaskInfo t : reader.list()) assertThat(now.add(t.taskId())).as("once: %s", t.taskId()).isTrue();
                assertThat(now).as("a reader keeps every task it saw").containsAll(seen);
                seen = now;
                reads++;
            }
        } finally {
            children.forEach(Process::destroy); // a failed check leaves no child writing into the removed directory
        }
        awaitSuccess(children, 240);
        assertThat(reads).isGreaterThan(3);
        FileTaskQueue fresh = new FileTaskQueue(tasks, Clock.systemUTC());
        assertThat(fresh.list()).hasSize(450).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.DONE))
                .extracting(TaskInfo::taskId).doesNotHaveDuplicates();
        assertThat(fresh.countByStatus()).containsEntry(TaskStatus.DONE, 450);
        assertThat(reader.countByStatus()).containsEntry(TaskStatus.DONE, 450);
        assertThat(Files.size(tmp.resolve("tasks.archive.jsonl"))).isPositive();
        assertThat(Json.MAPPER.readTree(tasks.toFile()).get("tasks").size()).isLessThanOrEqualTo(8);
    }

    private static void awaitSuccess(List<Process> children, int seconds) throws Exception {
        for (Process p : children) {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                children.forEach(Process::destroyForcibly);
                throw new AssertionError("child JVM did not finish within " + seconds + " s");
            }
            assertThat(p.exitValue()).as("child exit code").isZero();
        }
    }
}
