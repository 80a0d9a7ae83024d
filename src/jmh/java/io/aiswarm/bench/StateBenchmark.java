package io.aiswarm.bench;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.file.FileStatusLog;
import io.aiswarm.state.file.FileTaskLockManager;
import io.aiswarm.state.file.FileTaskQueue;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throughput of the file state on this machine: lock acquire+release, task adds, status appends, and the cost of
 * reading new status lines from a small vs a large log. Not a test: it prints figures (medians of a few runs)
 * and the machine. Run: {@code java -cp target/ai-swarm-benchmarks.jar io.aiswarm.bench.StateBenchmark [dir]}
 * (bin/swarm-jmh -l builds that jar).
 */
public final class StateBenchmark {
    private static final int RUNS = 3;

    private StateBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path base = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"));
        Path root = Files.createTempDirectory(base, "swarm-bench-");
        try {
            printMachine(root);
            System.out.printf("lock acquire+release:  %,10.0f pairs/s%n", median(() -> lockPairsPerSecond(root)));
            System.out.printf("task adds (one at a time, queue growing 0 -> 500): %,8.0f adds/s%n",
                    median(() -> taskAddsPerSecond(root, 500)));
            System.out.printf("task adds (addAll batches of 100):                 %,8.0f adds/s%n",
                    median(() -> batchAddsPerSecond(root)));
            System.out.printf("status appends:        %,10.0f lines/s%n", median(() -> appendsPerSecond(root)));
            Path small = writeLog(root, 10_000);
            Path large = writeLog(root, 1_000_000);
            followCost(small); // warm up the JIT so that neither size pays for it
            List<Double> smallCosts = new ArrayList<>();
            List<Double> largeCosts = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) { // interleaved, so machine noise hits both alike
                smallCosts.add(followCost(small));
                largeCosts.add(followCost(large));
            }
            double s = medianOf(smallCosts);
            double l = medianOf(largeCosts);
            System.out.printf("follower poll reading 100 new lines: %,.0f us at the end of a 10,000-line log,"
                    + " %,.0f us at the end of a 1,000,000-line log (ratio %.2f)%n", s, l, l / s);
            System.out.printf("first poll (whole log, once at start): %,.0f ms for 10,000 lines, %,.0f ms for"
                    + " 1,000,000 lines%n", catchUpMillis(small), catchUpMillis(large));
        } finally {
            deleteTree(root);
        }
    }

    private static void printMachine(Path root) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        System.out.printf("machine: %d cores, %.1f GiB RAM, %s %s, JDK %s (%s), load average %.2f%n",
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024), os.getName(),
                os.getVersion(), Runtime.version(), System.getProperty("java.vm.name"), os.getSystemLoadAverage());
        System.out.printf("files in: %s (medians of %d runs)%n", root, RUNS);
    }

    private static double lockPairsPerSecond(Path root) throws IOException {
        Path dir = Files.createTempDirectory(root, "locks-");
        FileTaskLockManager locks = new FileTaskLockManager(dir.resolve("locks"), 300, Clock.systemUTC());
        int n = 1000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            locks.acquire("t" + (i % 50), "worker-0");
            locks.release("t" + (i % 50), "worker-0");
        }
        return n / seconds(start);
    }

    private static double taskAddsPerSecond(Path root, int n) throws IOException {
        FileTaskQueue queue = new FileTaskQueue(Files.createTempDirectory(root, "queue-").resolve("tasks.json"),
                Clock.systemUTC());
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) queue.add(NewTask.command("make test-" + i));
        return n / seconds(start);
    }

    private static double batchAddsPerSecond(Path root) throws IOException {
        FileTaskQueue queue = new FileTaskQueue(Files.createTempDirectory(root, "batch-").resolve("tasks.json"),
                Clock.systemUTC());
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) batch.add(NewTask.command("make test-" + i));
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) queue.addAll(batch);
        return 1000 / seconds(start);
    }

    private static double appendsPerSecond(Path root) throws IOException {
        FileStatusLog log = new FileStatusLog(Files.createTempDirectory(root, "log-").resolve("status.log"));
        StatusBroadcaster b = new StatusBroadcaster(log, Clock.systemUTC());
        int n = 20_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) b.broadcast("worker-" + (i % 8), "task-" + i, BroadcastState.DONE, "finished", null);
        return n / seconds(start);
    }

    private static Path writeLog(Path root, int lines) throws IOException {
        Path file = Files.createTempDirectory(root, "follow-").resolve("status.log");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Instant ts = Instant.parse("2026-01-31T12:00:00Z");
            for (int i = 0; i < lines; i++) {
                w.write(StatusLines.encode(new StatusEvent(ts.plusMillis(i), "worker-" + (i % 8), "task-" + i,
                        BroadcastState.DONE, "finished", null)));
                w.write('\n');
            }
        }
        return file;
    }

    /** Median microseconds of one poll that reads 100 lines just appended to {@code file}. */
    private static double followCost(Path file) {
        FileStatusLog log = new FileStatusLog(file);
        List<Double> micros = new ArrayList<>();
        try (StatusFollower follower = log.follow()) {
            follower.poll(); // catch up once, as a master does at start
            System.gc(); // the catch-up's garbage must not land in the measured polls
            for (int round = 0; round < 200; round++) {
                List<StatusEvent> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(new StatusEvent(Instant.now(), "worker-" + (i % 8), "t" + i, BroadcastState.START, "", null));
                }
                log.appendLines(batch);
                long start = System.nanoTime();
                int got = follower.poll().size();
                micros.add((System.nanoTime() - start) / 1000.0);
                if (got != 100) throw new IllegalStateException("follower read " + got + " lines, expected 100");
            }
        }
        return medianOf(micros);
    }

    private static double catchUpMillis(Path file) {
        try (StatusFollower follower = new FileStatusLog(file).follow()) {
            long start = System.nanoTime();
            follower.poll();
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private interface Measure {
        double run() throws IOException;
    }

    private static double median(Measure m) throws IOException {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) values.add(m.run());
        return medianOf(values);
    }

    private static double medianOf(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
