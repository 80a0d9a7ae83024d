package io.aiswarm.bench;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `swarm status` as a user runs it: a separate JVM, against a session of N worker panes and a status log of
 * L lines (each worker's history of START/DONE pairs). Wall time of the whole command, and of a JVM that only
 * prints the version (the JVM start the user pays for any command), both medians of a few runs.
 */
final class StatusTimeBench {
    record Result(int workers, int logLines, Percentiles wallMs, Percentiles jvmStartMs, long logBytes) {
    }

    private StatusTimeBench() {
    }

    /**
     * Against the panes of {@code session} (idle shells), with a swarm directory of its own holding the large log
     * and 1,000 queued tasks, so the session can serve another benchmark afterwards.
     */
    static Result measure(BenchSwarm session, int logLines, int runs) throws InterruptedException {
        int workers = session.workers;
        Map<String, String> env = new LinkedHashMap<>(session.env);
        env.put(SwarmConfig.ENV_DIR, session.dir.resolve("status-swarm").toString());
        SwarmState state = SwarmState.open(SwarmConfig.from(BenchSwarm.CLUSTER, env), Clock.systemUTC());
        long bytes = writeLog(state.paths().statusLog(), workers, logLines);
        List<NewTask> queued = new ArrayList<>();
        for (int i = 0; i < 1000; i++) queued.add(NewTask.command("true"));
        state.queue().addAll(queued);
        Path out = session.dir.resolve("status.out");
        if (runs > 2) run(env, out, "status", "--cluster", BenchSwarm.CLUSTER); // warm the caches
        List<Double> wall = new ArrayList<>();
        List<Double> jvm = new ArrayList<>();
        for (int i = 0; i < runs; i++) { // interleaved, so machine noise hits both alike
            wall.add(run(env, out, "status", "--cluster", BenchSwarm.CLUSTER));
            jvm.add(run(env, null, "--version"));
        }
        String printed = IdleCostBench.tail(out);
        if (!printed.contains("worker-" + (workers - 1))) {
            throw new IllegalStateException("swarm status did not list the workers: " + printed);
        }
        return new Result(workers, logLines, Percentiles.of(wall), Percentiles.of(jvm), bytes);
    }

    /** Milliseconds from start to exit of one `swarm ARGS`; a non-zero exit fails the benchmark. */
    private static double run(Map<String, String> env, Path out, String... args) throws InterruptedException {
        long start = System.nanoTime();
        Process p = SwarmCli.start(env, out, args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("swarm " + String.join(" ", args) + " took over 120 s");
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (p.exitValue() != 0) {
            throw new IllegalStateException("swarm " + String.join(" ", args) + " exited " + p.exitValue()
                    + (out == null ? "" : ": " + IdleCostBench.tail(out)));
        }
        return ms;
    }

    /** Appends {@code lines} status lines: START/DONE pairs of past tasks, spread over the workers. */
    static long writeLog(Path log, int workers, int lines) {
        Instant ts = Instant.now().minus(Duration.ofDays(7));
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (int i = 0; i < lines; i++) {
                int task = i / 2;
                String worker = "worker-" + (task % workers);
                BroadcastState state = i % 2 == 0 ? BroadcastState.START : BroadcastState.DONE;
                w.write(StatusLines.encode(new StatusEvent(ts.plusMillis(i * 10L), worker, "past-" + task, state,
                        state == BroadcastState.DONE ? "exit 0" : "running", null)));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log + ": " + e.getMessage(), e);
        }
        try {
            return Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
