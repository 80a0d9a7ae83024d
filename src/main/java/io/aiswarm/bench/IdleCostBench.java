package io.aiswarm.bench;

import io.aiswarm.tmux.ProcessTreeCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The master's cost while agents think: N worker panes each run a long task (sleep), so nothing finishes and
 * nothing is dispatched; `swarm master` runs as its own JVM exactly as a user starts it, and over the window we
 * read its CPU (utime+stime of the JVM and its tmux control client, from /proc) and its resident memory.
 */
final class IdleCostBench {
    record Result(int panes, double windowSeconds, double cpuPercentOfOneCore, double rssMiB, double peakRssMiB) {
    }

    private IdleCostBench() {
    }

    static Result measure(int panes, Duration window) throws InterruptedException {
        try (BenchSwarm swarm = BenchSwarm.start("idle", panes, Map.of())) {
            return measure(swarm, window);
        }
    }

    /** On a fresh swarm whose panes are idle shells: one long task per pane, then the master is measured. */
    static Result measure(BenchSwarm swarm, Duration window) throws InterruptedException {
        int panes = swarm.workers;
        swarm.addTasks(panes, "think", i -> "sleep 3600");
        Path log = swarm.dir.resolve("master.log");
        Process master = SwarmCli.start(swarm.env, log, "master", "--cluster", BenchSwarm.CLUSTER);
        try {
            awaitAllRunning(swarm, panes, master, log);
            Thread.sleep(2000); // the last dispatch round is not "thinking" time
            long pid = master.pid();
            long cpuStart = ProcessTreeCpu.cpuMillis(pid);
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            long cpu = ProcessTreeCpu.cpuMillis(pid) - cpuStart;
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!master.isAlive()) throw new IllegalStateException("the master exited: " + tail(log));
            return new Result(panes, seconds, 100.0 * cpu / 1000.0 / seconds, ProcStat.rssMiB(pid),
                    ProcStat.peakRssMiB(pid));
        } finally {
            SwarmCli.stop(master);
        }
    }

    private static void awaitAllRunning(BenchSwarm swarm, int panes, Process master, Path log)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60 + panes).toNanos();
        while (System.nanoTime() < deadline) {
            long running = swarm.state.queue().list().stream().filter(t -> t.status().isActive()).count();
            if (running == panes) return;
            if (!master.isAlive()) throw new IllegalStateException("the master exited: " + tail(log));
            Thread.sleep(200);
        }
        throw new IllegalStateException("the master did not start all " + panes + " tasks in time: " + tail(log));
    }

    static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return text.length() > 600 ? text.substring(text.length() - 600) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
