package io.aiswarm.bench;

import io.aiswarm.api.ControlSocketClient;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `swarm status` as a user runs it: a separate JVM, against a session of N worker panes and a status log of
 * L lines (each worker's history of START/DONE pairs). Wall time of the whole command, and of a JVM that only
 * prints the version (the JVM start the user pays for any command), both medians of a few runs.
 */
final class StatusTimeBench {
    /**
     * @param wallMs           `swarm status` reading tmux and the files itself (no master running)
     * @param viaMasterWallMs  the same command while a master runs: bin/swarm's curl client asks it on its local socket
     *                         (a JVM that asks it, when not started by bin/swarm)
     */
    record Result(int workers, int logLines, Percentiles wallMs, Percentiles viaMasterWallMs, Percentiles jvmStartMs,
                  long logBytes) {
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
        FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from(BenchSwarm.CLUSTER, env), Clock.systemUTC());
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
        checkListed(out, workers);
        // the same swarm with its master running: the queued tasks are ended first, so it has nothing to dispatch
        state.queue().updateAll(t -> t.finished(TaskStatus.CANCELLED, null, null, "benchmark", Instant.now()));
        List<Double> viaMaster = new ArrayList<>();
        Path masterLog = session.dir.resolve("status-master.log");
        Process master = SwarmCli.start(env, masterLog, "master", "--cluster", BenchSwarm.CLUSTER);
        try {
            awaitSocket(state, master, masterLog);
            Files.deleteIfExists(out);
            // as a person types it: no --cluster (which bin/swarm leaves to the JVM), so its curl client may answer
            Map<String, String> typed = new LinkedHashMap<>(env);
            typed.put("AI_SWARM_CLUSTER", BenchSwarm.CLUSTER);
            for (int i = 0; i < runs; i++) viaMaster.add(run(typed, out, "status"));
            checkListed(out, workers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            SwarmCli.stop(master);
        }
        return new Result(workers, logLines, Percentiles.of(wall), Percentiles.of(viaMaster), Percentiles.of(jvm),
                bytes);
    }

    private static void checkListed(Path out, int workers) {
        String printed = IdleCostBench.tail(out);
        if (!printed.contains("worker-" + (workers - 1))) {
            throw new IllegalStateException("swarm status did not list the workers: " + printed);
        }
    }

    /** Until the master's first round is done (it reads the whole log) and its local socket answers. */
    static void awaitSocket(FileSwarmStore state, Process master, Path log) throws InterruptedException {
        ControlSocketClient client = ControlSocketClient.of(state.paths().controlSocket(), "bench");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) throw new IllegalStateException("the master exited: " + IdleCostBench.tail(log));
            if (client.call("GET", "/api/status", "", Duration.ofSeconds(10)).filter(r -> r.status() == 200)
                    .isPresent()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the master's socket did not answer in 120 s: " + IdleCostBench.tail(log));
    }

    private static double run(Map<String, String> env, Path out, String... args) throws InterruptedException {
        return SwarmCli.runMillis(env, out, args);
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
