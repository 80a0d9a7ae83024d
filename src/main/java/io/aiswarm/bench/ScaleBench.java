package io.aiswarm.bench;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether the master's cost grows with history, each in a `swarm master` JVM on its own swarm:
 * <ul>
 * <li>start on a long status log: from launch until the first of a few instant tasks is done, and the master's peak
 * resident memory, on a log of L lines;</li>
 * <li>CPU per task with a long queue: the master's CPU for R instant tasks queued behind Q finished ones;</li>
 * <li>`swarm task list` with Q tasks (wall time of the command, JVM start included).</li>
 * </ul>
 */
final class ScaleBench {
    record Start(int logLines, double firstDoneMs, double peakRssMiB) {
    }

    record Cpu(int queued, int run, double cpuMsPerTask, double wallMs) {
    }

    private ScaleBench() {
    }

    /** A master started on a status log of {@code lines} lines: time to the first task done, peak memory. */
    static Start startOnLongLog(int lines, int workers) throws InterruptedException {
        try (BenchSwarm swarm = BenchSwarm.start("scale-log", workers, Map.of())) {
            StatusTimeBench.writeLog(swarm.config.paths().statusLog(), workers, lines);
            swarm.addTasks(workers, "now", i -> "true");
            Path log = swarm.dir.resolve("master.log");
            long start = System.nanoTime();
            Process master = SwarmCli.start(swarm.env, log, "master", "--cluster", BenchSwarm.CLUSTER,
                    "--exit-when-done");
            double peak = 0;
            double firstDone = Double.NaN;
            try {
                while (master.isAlive()) {
                    peak = Math.max(peak, nan0(ProcStat.peakRssMiB(master.pid())));
                    if (Double.isNaN(firstDone) && swarm.state.queue().countByStatus()
                            .getOrDefault(TaskStatus.DONE, 0) > 0) {
                        firstDone = (System.nanoTime() - start) / 1e6;
                    }
                    Thread.sleep(20);
                }
            } finally {
                SwarmCli.stop(master);
            }
            return new Start(lines, firstDone, peak);
        }
    }

    /** {@code run} instant tasks behind {@code finished} finished ones: the master's CPU per task run. */
    static Cpu cpuPerTask(int finished, int run, int workers) throws InterruptedException {
        try (BenchSwarm swarm = BenchSwarm.start("scale-cpu", workers, Map.of())) {
            addFinished(swarm, finished);
            swarm.addTasks(run, "run", i -> "true");
            Path log = swarm.dir.resolve("master.log");
            long start = System.nanoTime();
            Process master = SwarmCli.start(swarm.env, log, "master", "--cluster", BenchSwarm.CLUSTER,
                    "--exit-when-done");
            long cpu = 0;
            try {
                while (master.isAlive()) {
                    cpu = Math.max(cpu, ProcStat.ownCpuMillis(master.pid()));
                    Thread.sleep(50);
                }
            } finally {
                SwarmCli.stop(master);
            }
            double wall = (System.nanoTime() - start) / 1e6;
            return new Cpu(finished + run, run, (double) cpu / run, wall);
        }
    }

    /**
     * `swarm task list` over {@code tasks} finished tasks (the unfinished ones and the latest finished), and with
     * --all (every task): the median wall time of {@code runs} runs of each.
     */
    static Percentiles[] taskList(int tasks, int runs) throws InterruptedException {
        try (BenchSwarm swarm = BenchSwarm.start("scale-list", 1, Map.of())) {
            addFinished(swarm, tasks);
            List<Double> recent = new ArrayList<>();
            List<Double> all = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                recent.add(wallMs(swarm, "task", "list", "--cluster", BenchSwarm.CLUSTER));
                all.add(wallMs(swarm, "task", "list", "--all", "--cluster", BenchSwarm.CLUSTER));
            }
            return new Percentiles[] {Percentiles.of(recent), Percentiles.of(all)};
        }
    }

    private static double wallMs(BenchSwarm swarm, String... args) throws InterruptedException {
        long start = System.nanoTime();
        SwarmCli.start(swarm.env, null, args).waitFor();
        return (System.nanoTime() - start) / 1e6;
    }

    /** Tasks as a long history leaves them: finished, with their times and exit codes. */
    private static void addFinished(BenchSwarm swarm, int count) {
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) tasks.add(new NewTask(String.format("old-%06d", i), "echo " + i, null, null));
        swarm.state.queue().addAll(tasks);
        Instant now = Instant.now();
        swarm.state.queue().updateAll(t -> t.isPending() && t.taskId().startsWith("old-")
                ? done(t.assignedTo("worker-0", now).running(now), now) : t);
    }

    private static TaskInfo done(TaskInfo t, Instant now) {
        return t.finished(TaskStatus.DONE, 0, "results/" + t.taskId() + ".log", null, now);
    }

    private static double nan0(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** Standalone: {@code java -cp ... io.aiswarm.bench.ScaleBench [quick]}, prints the figures and the machine. */
    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        System.out.println("machine: " + Machine.current().describe());
        for (int lines : quick ? new int[] {100_000} : new int[] {10_000, 1_000_000}) {
            Start s = startOnLongLog(lines, 4);
            System.out.printf("start on a %,d-line log: first task done after %.0f ms, peak RSS %.0f MiB%n", lines,
                    s.firstDoneMs(), s.peakRssMiB());
        }
        for (int queued : quick ? new int[] {1_200} : new int[] {1_200, 20_000}) {
            Cpu c = cpuPerTask(queued - 300, 300, 6);
            System.out.printf("%,d tasks queued (300 run): %.1f ms of master CPU per task, %.0f ms wall%n", queued,
                    c.cpuMsPerTask(), c.wallMs());
        }
        for (int tasks : quick ? new int[] {1_200} : new int[] {1_200, 20_000}) {
            Percentiles[] list = taskList(tasks, 3);
            System.out.printf("`swarm task list` with %,d tasks: %.0f ms, with --all %.0f ms (medians of 3)%n", tasks,
                    list[0].median(), list[1].median());
        }

    }
}
