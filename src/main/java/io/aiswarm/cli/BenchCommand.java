package io.aiswarm.cli;

import io.aiswarm.bench.SwarmBenchmark;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `swarm bench`: end-to-end figures against their targets (logic in io.aiswarm.bench). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the swarm against its targets: dispatch latency (event-driven vs polling once a "
                + "second), throughput, rescue latency, the master's CPU and memory while agents think, and "
                + "`swarm status` on a 1,000,000-line log, worktrees and the merge queue on a 10,000-file repository, and what a person's `swarm` command costs (JVM start, "
                + "or curl to a running master). Each benchmark runs its own tmux server and temporary "
                + "swarm directory and removes them. Prints a table and writes JSON.",
                "Exit 0 when every target is met, 1 when one is missed (the table says by how much).",
                "The JMH micro-benchmarks are not in this jar: bin/swarm-jmh builds and runs them."})
public class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Fewer tasks and shorter windows: finishes in under two minutes.")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the JSON results (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench", "results.json");

    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "Run only these benchmarks (comma-separated): dispatch, throughput, rescue, idle, status, "
                    + "worktrees, cli.")
    Set<String> only = new LinkedHashSet<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the benchmarks make their swarm directories "
            + "(default: the system's temporary directory). The filesystem shows in the figures: each task creates a "
            + "few files.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (dir != null) {
            if (!java.nio.file.Files.isDirectory(dir) || !java.nio.file.Files.isWritable(dir)) {
                System.err.println("swarm bench: --dir " + dir + " is not a directory you can write to; make it or"
                        + " name another");
                return SwarmMain.EXIT_USAGE;
            }
            io.aiswarm.bench.SwarmBenchmark.placeSwarmsIn(dir);
        }
        SwarmBenchmark.Plan plan = quick ? SwarmBenchmark.Plan.quickRun() : SwarmBenchmark.Plan.fullRun();
        int missed = new SwarmBenchmark(plan, only, System.out).run(out);
        return missed == 0 ? SwarmMain.EXIT_OK : SwarmMain.EXIT_FAILURE;
    }
}
