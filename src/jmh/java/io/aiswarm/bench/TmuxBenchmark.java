package io.aiswarm.bench;

import io.aiswarm.state.WorkerIds;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxProcessRunner;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Control-mode client against a tmux process per call, for 1, 10 and 100 worker panes: capture of one
 * pane, capture of all panes (pipelined vs one process each), and a short send-keys. Prints medians,
 * the ratio, and CPU per call (JVM + tmux client processes + tmux server). Runs its own tmux server.
 * Usage: TmuxBenchmark [pane counts, default 1 10 100]
 */
public final class TmuxBenchmark {
    private static final int LINES = 50;
    private static final List<String> FILL = List.of("sh", "-c",
            "i=0; while [ $i -lt 200 ]; do echo \"line $i: the quick brown fox jumps over the lazy dog\"; "
                    + "i=$((i+1)); done; exec cat");

    private TmuxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[] {1, 10, 100} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        printMachine();
        System.out.printf(Locale.ROOT, "%-6s %-22s %12s %12s %8s %12s %12s %8s%n", "panes", "operation",
                "control ms", "process ms", "ratio", "ctl cpu ms", "proc cpu ms", "cpu x");
        for (int panes : counts) run(panes);
    }

    private static void run(int panes) throws Exception {
        String socket = "swarm-bench-" + ProcessHandle.current().pid();
        TmuxProcessRunner runner = new TmuxProcessRunner(socket);
        try (TmuxSwarmManager manager = TmuxSwarmManager.create(new SessionSpec(socket, "swarm-bench", WorkerIds.first(panes),
                "windows", Path.of(System.getProperty("java.io.tmpdir")), Map.of(), null, FILL))) {
            List<AgentPane> workers = manager.panes();
            String first = workers.get(0).paneId();
            Thread.sleep(500 + 10L * panes); // let the panes print their lines
            CpuMeter cpu = new CpuMeter(Long.parseLong(runner.run("display-message", "-p", "#{pid}").get(0).trim()));
            int fast = 300;
            int slow = panes >= 100 ? 5 : panes >= 10 ? 20 : 100;

            compare(panes, "capture one pane", cpu,
                    new Timed(fast, () -> manager.capture("worker-0", LINES)),
                    new Timed(Math.max(slow, 50), () -> runner.run("capture-pane", "-p", "-t", first, "-S", "-" + LINES)));
            compare(panes, "capture all panes", cpu,
                    new Timed(panes >= 100 ? 100 : fast, () -> manager.captureAll(LINES)),
                    new Timed(slow, () -> {
                        for (AgentPane p : workers) runner.run("capture-pane", "-p", "-t", p.paneId(), "-S", "-" + LINES);
                    }));
            compare(panes, "send-keys (short text)", cpu,
                    new Timed(fast, () -> manager.sendText("worker-0", "x")),
                    new Timed(Math.max(slow, 50), () -> runner.run("send-keys", "-t", first, "-l", "--", "x")));
        } finally {
            runner.tryRun("kill-server");
            Files.deleteIfExists(TmuxProcessRunner.socketFile(socket));
        }
    }

    private static void compare(int panes, String name, CpuMeter cpu, Timed control, Timed process) {
        control.measure(cpu, 20);
        process.measure(cpu, 3);
        System.out.printf(Locale.ROOT, "%-6d %-22s %12.3f %12.3f %7.1fx %12.3f %12.3f %7.1fx%n", panes, name,
                control.medianMs, process.medianMs, process.medianMs / control.medianMs, control.cpuMsPerCall,
                process.cpuMsPerCall, process.cpuMsPerCall / Math.max(control.cpuMsPerCall, 1e-6));
    }

    private static void printMachine() {
        Runtime rt = Runtime.getRuntime();
        String tmux = String.join(" ", new TmuxProcessRunner("default-unused").tryRun("-V").stdout());
        System.out.printf(Locale.ROOT, "machine: %d cores, %s memory, %s %s (%s), %s, %s %s%n",
                rt.availableProcessors(), memory(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getVmVendor(), tmux,
                System.getProperty("os.name"), System.getProperty("os.version"));
        System.out.printf(Locale.ROOT, "each pane: 220x50 with 200 printed lines; capture = last %d lines; "
                + "medians; cpu = JVM + tmux clients + tmux server per call%n", LINES);
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return "unknown";
    }

    /** One operation repeated: median wall time and CPU per call. */
    private static final class Timed {
        final int iterations;
        final Runnable op;
        double medianMs;
        double cpuMsPerCall;

        Timed(int iterations, Runnable op) {
            this.iterations = iterations;
            this.op = op;
        }

        void measure(CpuMeter cpu, int warmup) {
            for (int i = 0; i < warmup; i++) op.run();
            long[] times = new long[iterations];
            long cpuStart = cpu.nanos();
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                op.run();
                times[i] = System.nanoTime() - start;
            }
            long cpuUsed = cpu.nanos() - cpuStart;
            Arrays.sort(times);
            medianMs = times[iterations / 2] / 1e6;
            cpuMsPerCall = cpuUsed / 1e6 / iterations;
        }
    }
}
