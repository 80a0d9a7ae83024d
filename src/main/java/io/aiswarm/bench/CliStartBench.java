package io.aiswarm.bench;

import io.aiswarm.master.SwarmSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a person's `swarm` command costs: `--version` (the JVM start alone), `status`, `task add` and `task list`, each
 * as its own process exactly as a person runs it (through bin/swarm when the benchmark was started by it), with no
 * master running and then with one: then `status` and `task add` are answered by the master through bin/swarm's curl
 * client, measured against the same commands forced onto the JVM (AI_SWARM_NO_MASTER_CLIENT=1), interleaved. Wall
 * time is the median of the runs; CPU (the command's whole process tree: bash, curl or the JVM, from this JVM's
 * reaped-children times) and the master's CPU per call are means, since the kernel counts them in 10 ms ticks.
 */
final class CliStartBench {
    /** One command line's figures. */
    record Command(String name, Percentiles wallMs, double cpuMs, double masterCpuMs) {
    }

    record Result(List<Command> commands, boolean launcher, boolean archive, int queued) {
    }

    static final int QUEUED = 200;
    /** Not due for an hour: the master's CPU per call is the call's, not the task's run. */
    private static final String[] ADD = {"task", "add", "--not-before", "1h", "--", "true"};

    private CliStartBench() {
    }

    /** @param warmUp first run each command once unmeasured (page cache, the archive's pages) */
    static Result measure(int runs, boolean warmUp) throws InterruptedException {
        boolean launcher = !System.getenv().getOrDefault(SwarmSession.ENV_LAUNCHER, "").isEmpty();
        boolean archive = launcher && awaitArchive();
        try (BenchSwarm swarm = BenchSwarm.start("cli", 2, Map.of())) {
            swarm.addTasks(QUEUED, "queued", i -> "true");
            Map<String, String> env = new LinkedHashMap<>(swarm.env);
            env.put("AI_SWARM_CLUSTER", BenchSwarm.CLUSTER); // not --cluster: bin/swarm leaves that to the JVM
            Map<String, String> jvm = new LinkedHashMap<>(env);
            jvm.put("AI_SWARM_NO_MASTER_CLIENT", "1");
            List<Command> commands = new ArrayList<>();
            Path out = swarm.dir.resolve("cli.out");
            String[][] lines = {{"--version"}, {"status"}, ADD, {"task", "list"}};
            List<List<Sample>> noMaster = interleaved(runs, warmUp, out, lines, env);
            for (int i = 0; i < lines.length; i++) {
                commands.add(command(name(lines[i]) + (i == 0 ? "" : ", no master"),
                        noMaster.get(i), 0));
            }
            // a master that has nothing to run: the queued tasks would keep its panes busy
            swarm.state.queue().updateAll(t -> t.finished(io.aiswarm.state.TaskStatus.CANCELLED, null, null,
                    "benchmark", java.time.Instant.now()));
            Path masterLog = swarm.dir.resolve("cli-master.log");
            Process master = SwarmCli.start(swarm.env, masterLog, "master", "--cluster", BenchSwarm.CLUSTER);
            try {
                StatusTimeBench.awaitSocket(swarm.state, master, masterLog);
                String[][] viaMaster = {{"status"}, ADD};
                for (String[] line : viaMaster) {
                    String name = name(line);
                    if (warmUp) { // the master's first call loads and compiles the command's classes
                        run(env, out, master.pid(), line);
                        run(jvm, out, master.pid(), line);
                    }
                    List<Sample> fast = new ArrayList<>();
                    List<Sample> slow = new ArrayList<>();
                    for (int r = 0; r < runs; r++) {
                        fast.add(run(env, out, master.pid(), line));
                        slow.add(run(jvm, out, master.pid(), line));
                    }
                    commands.add(command(name + ", master up, " + (launcher ? "curl" : "JVM"), fast, 1));
                    commands.add(command(name + ", master up, JVM", slow, 1));
                }
            } finally {
                SwarmCli.stop(master);
            }
            return new Result(commands, launcher, archive, QUEUED);
        }
    }

    private static String name(String[] line) {
        return line == ADD ? "task add" : String.join(" ", line);
    }

    private record Sample(double wallMs, long cpuMs, long masterCpuMs) {
    }

    private static List<List<Sample>> interleaved(int runs, boolean warmUp, Path out, String[][] lines,
                                                  Map<String, String> env) throws InterruptedException {
        List<List<Sample>> samples = new ArrayList<>();
        for (String[] ignored : lines) samples.add(new ArrayList<>());
        if (warmUp) {
            for (String[] line : lines) run(env, out, 0, line);
        }
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < lines.length; i++) samples.get(i).add(run(env, out, 0, lines[i]));
        }
        return samples;
    }

    private static Command command(String name, List<Sample> samples, int masterToo) {
        double cpu = samples.stream().mapToLong(Sample::cpuMs).average().orElse(Double.NaN);
        double master = masterToo == 0 ? Double.NaN
                : samples.stream().mapToLong(Sample::masterCpuMs).average().orElse(Double.NaN);
        return new Command(name, Percentiles.of(samples.stream().map(Sample::wallMs).toList()), cpu, master);
    }

    /** One `swarm ARGS` from start to exit; a non-zero exit fails the benchmark. */
    private static Sample run(Map<String, String> env, Path out, long masterPid, String... args)
            throws InterruptedException {
        long cpuBefore = ProcStat.reapedChildrenCpuMillis();
        long masterBefore = masterPid == 0 ? 0 : ProcStat.treeCpuMillis(masterPid);
        double ms = SwarmCli.runMillis(env, out, args);
        long masterCpu = masterPid == 0 ? 0 : ProcStat.treeCpuMillis(masterPid) - masterBefore;
        return new Sample(ms, ProcStat.reapedChildrenCpuMillis() - cpuBefore, masterCpu);
    }

    /**
     * bin/swarm makes its class-data archive in the background after a build; the figures are of commands that have
     * it. Waits up to 3 minutes; false when there is none (AI_SWARM_NO_CDS, or it could not be made).
     */
    private static boolean awaitArchive() throws InterruptedException {
        if (!System.getenv().getOrDefault("AI_SWARM_NO_CDS", "").isEmpty()) return false;
        Path launcher = Path.of(System.getenv(SwarmSession.ENV_LAUNCHER));
        Path jar = launcher.getParent().resolveSibling("target").resolve("ai-swarm.jar");
        Optional<Path> archive = LauncherArchive.path(jar, System.getenv());
        if (archive.isEmpty()) return false;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(archive.get())) return true;
            if (Files.exists(Path.of(archive.get() + ".failed"))) return false;
            Thread.sleep(500);
        }
        return false;
    }
}
