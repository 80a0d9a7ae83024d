package io.aiswarm.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiswarm.bench.Figure.Target;
import io.aiswarm.master.ExecRunner;
import io.aiswarm.state.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * `swarm bench`: the swarm's end-to-end figures against their targets: dispatch latency (event-driven vs a
 * one-second poll), throughput, rescue latency, the master's cost while agents think, and `swarm status` on a
 * large log. Each benchmark runs its own tmux server and swarm directory and removes them. Prints a table and
 * writes every figure with unit, target and verdict, plus the machine and the date, as JSON.
 */
public final class SwarmBenchmark {
    /** How much each benchmark does; --quick scales everything down to finish in under two minutes. */
    public record Plan(boolean quick, int warmUpTasks, int dispatchTasks, int pollingTasks, int throughputTasks,
                       int rescuePrompts, Duration idleWindow, int statusRuns) {
        public static Plan fullRun() {
            return new Plan(false, 500, 500, 200, 1000, 40, Duration.ofSeconds(30), 5);
        }

        public static Plan quickRun() {
            return new Plan(true, 100, 100, 32, 200, 12, Duration.ofSeconds(5), 1);
        }
    }

    static final int DISPATCH_WORKERS = 8;
    static final int THROUGHPUT_WORKERS = 16;
    static final int RESCUE_WORKERS = 4;
    static final int STATUS_WORKERS = 200;
    static final int STATUS_LOG_LINES = 1_000_000;

    /** The benchmark names, in the order they run; {@code --only} picks some of them. */
    public static final List<String> NAMES = List.of("dispatch", "throughput", "rescue", "idle", "status", "worktrees",
            "cli");
    static final int WORKTREE_FILES = 10_000;

    private final Plan plan;
    private final Set<String> only;
    private final PrintStream out;
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Why a benchmark's targets were missed, from what it measured; shown only when one of them missed. */
    private final Map<String, String> why = new LinkedHashMap<>();
    private double loadAtStart;
    private int cores;

    public SwarmBenchmark(Plan plan, Set<String> only, PrintStream out) {
        for (String name : only) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown benchmark '" + name + "': choose from " + NAMES);
            }
        }
        this.plan = plan;
        this.only = only.isEmpty() ? Set.copyOf(NAMES) : Set.copyOf(only);
        this.out = out;
    }

    /** Where every benchmark makes its swarm directories (bench --dir). */
    public static void placeSwarmsIn(Path dir) {
        BenchSwarm.placeIn(dir.toAbsolutePath());
    }

    /** Runs everything, prints the table, writes {@code json}; returns the number of missed targets. */
    public int run(Path json) throws InterruptedException {
        Instant started = Instant.now();
        Machine machine = Machine.current();
        loadAtStart = machine.loadAverage();
        cores = machine.cores();
        out.println("AI Swarm benchmark (" + (plan.quick ? "quick" : "full") + "), " + started.truncatedTo(ChronoUnit.SECONDS));
        out.println("machine: " + machine.describe());
        out.println("note: shared, noisy machine; figures are from this one run (medians and percentiles of its samples)");
        out.println();
        if (only.contains("dispatch") || only.contains("throughput")) warmUp();
        section("dispatch", this::dispatch);
        section("throughput", this::throughput);
        section("rescue", this::rescue);
        section("idle", () -> idle(IdleCostBench.measure(50, plan.idleWindow)));
        section("idle", () -> idleAgents(IdleCostBench.measureAgents(50, plan.idleWindow)));
        // one 200-pane session serves status (its panes idle) and then the master's cost at 200 panes
        try (LazySwarm big = new LazySwarm("big", STATUS_WORKERS)) {
            section("status", () -> status(big.get()));
            section("idle", () -> idle(IdleCostBench.measure(big.get(), plan.idleWindow)));
        }
        section("worktrees", this::worktrees);
        section("cli", this::cli);
        BenchSwarm.removeClosed();
        Duration took = Duration.between(started, Instant.now());
        printTable();
        write(json, machine, started, took);
        out.printf(Locale.ROOT, "%ntook %d s; results written to %s%n", took.toSeconds(), json);
        return (int) figures.stream().filter(f -> f.verdict().equals("miss")).count();
    }

    /**
     * A master runs for hours; its first seconds in a fresh JVM are spent compiling (C1/C2 took 2.2 of the 2.9 s
     * of the master's CPU in a 500-task dispatch run). A run through a master first makes the measured ones steady
     * state, for the event-driven master and the polling baseline alike.
     */
    private void warmUp() throws InterruptedException {
        out.printf("warm-up: %d instant tasks through a master (JIT compilation), not measured...%n", plan.warmUpTasks);
        DispatchLatencyBench.measure(DISPATCH_WORKERS, plan.warmUpTasks, true);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A benchmark that fails is reported as such (a miss with the reason) and the others still run. */
    private void section(String benchmark, Step step) throws InterruptedException {
        if (!only.contains(benchmark)) return;
        int before = figures.size();
        long start = System.nanoTime();
        try {
            step.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String reason = benchmark + " failed: " + e.getMessage();
            notes.add(reason);
            figures.add(Figure.checked(benchmark, "(benchmark failed)", Double.NaN, "", Target.atMost(0), reason));
        }
        for (Figure f : figures.subList(before, figures.size())) {
            out.printf(Locale.ROOT, "  %-10s %-48s %12s %-8s %s%n", f.benchmark(), f.name(), Figure.format(f.value()),
                    f.unit(), f.verdict());
        }
        out.printf(Locale.ROOT, "  (%s took %.0f s)%n", benchmark, (System.nanoTime() - start) / 1e9);
    }

    private void dispatch() throws InterruptedException {
        out.printf("dispatch latency: %d exec workers (%s), %d instant tasks event-driven, %d polling every 1 s...%n",
                DISPATCH_WORKERS, execMode(), plan.dispatchTasks, plan.pollingTasks);
        DispatchLatencyBench.Result eventRun = DispatchLatencyBench.measure(DISPATCH_WORKERS, plan.dispatchTasks, true);
        DispatchLatencyBench.Result pollRun = DispatchLatencyBench.measure(DISPATCH_WORKERS, plan.pollingTasks, false);
        Percentiles events = eventRun.total();
        Percentiles polling = pollRun.total();
        String n = " (" + events.count() + " dispatches)";
        add(Figure.checked("dispatch", "event-driven p50", events.median(), "ms", Target.atMost(20),
                "task DONE -> next START on the same worker" + n));
        add(Figure.checked("dispatch", "event-driven p99", events.percentile(99), "ms", Target.atMost(100), ""));
        add(Figure.info("dispatch", "event-driven: DONE -> ASSIGNED p50", eventRun.masterReaction().median(), "ms",
                "the master noticed the end and dispatched"));
        add(Figure.info("dispatch", "event-driven: ASSIGNED -> START p50", eventRun.paneStart().median(), "ms",
                "the runner took the task and its shell started (runner off: the pane respawned)"));
        add(Figure.info("dispatch", "event-driven: time between two ASSIGNED p50", eventRun.assignInterval().median(),
                "ms", "0 when a round assigns several tasks at once"));
        add(Figure.info("dispatch", "polling (1 s) p50", polling.median(), "ms", polling.count() + " dispatches"));
        add(Figure.info("dispatch", "polling (1 s) p99", polling.percentile(99), "ms", ""));
        add(Figure.checked("dispatch", "speed-up over polling (p50 ratio)", polling.median() / events.median(), "x",
                Target.atLeast(20), "polling p50 / event-driven p50"));
        CpuSplit cpu = eventRun.cpuPerTask();
        addCpu("dispatch", cpu);
        double create = FileCreationProbe.microsPerCreate(BenchSwarm.base());
        add(Figure.info("dispatch", "CPU to create one file here", create, "us",
                "in " + BenchSwarm.base() + ", right after the run; a task creates about " + FILES_PER_TASK));
        why.put("dispatch", String.format(Locale.ROOT, "the machine's CPU bounds it. Each instant task costs %.1f ms "
                + "of CPU (%s), so a round that gives all %d workers a task needs about %.0f ms of CPU: %.0f ms on %d "
                + "cores at best. Instant tasks all end together, so a worker's next task waits for about one round "
                + "(of the %.0f ms p50, %.0f ms pass before ASSIGNED, %.0f ms from ASSIGNED to START). Of each task's "
                + "CPU, about %.1f ms is the kernel creating its %d new files in %s (%.0f us each there now; a filesystem "
                + "that keeps recently deleted inodes from reuse makes each create search past them). The load "
                + "average was %.1f at the start.", cpu.totalMs(), cpu.describe(), DISPATCH_WORKERS,
                cpu.totalMs() * DISPATCH_WORKERS, cpu.totalMs() * DISPATCH_WORKERS / cores, cores, events.median(),
                eventRun.masterReaction().median(), eventRun.paneStart().median(), create * FILES_PER_TASK / 1000,
                FILES_PER_TASK, BenchSwarm.base(), create, loadAtStart));
    }

    /** New files an exec task makes: its lock, its log, the runner's claim, and (about) one rewrite of tasks.json. */
    static final int FILES_PER_TASK = 4;

    /** What one task cost the machine, by who spent it, against the 15 ms budget. */
    private void addCpu(String benchmark, CpuSplit cpu) {
        add(Figure.info(benchmark, "CPU per task: panes' processes", cpu.panesMs(), "ms",
                "the runner, the task's sh, the command, the output pipe (runner off: a script shell per task)"));
        add(Figure.info(benchmark, "CPU per task: master", cpu.masterMs(), "ms", "the master's JVM, all threads"));
        add(Figure.info(benchmark, "CPU per task: tmux server", cpu.tmuxMs(), "ms", "output, notifications, respawns"));
        add(Figure.checked(benchmark, "CPU per task: all", cpu.totalMs(), "ms", Target.atMost(15),
                "panes, master and tmux together"));
    }

    /** Which way exec tasks reach their panes in this run (AI_SWARM_EXEC_RUNNER). */
    private static String execMode() {
        return ExecRunner.enabled(System.getenv(ExecRunner.ENV_RUNNER)) ? "one runner per pane" : "a respawn per task";
    }

    private void throughput() throws InterruptedException {
        out.printf("throughput: %d tasks of 100 ms on %d workers (%s)...%n", plan.throughputTasks, THROUGHPUT_WORKERS,
                execMode());
        ThroughputBench.Result r = ThroughputBench.measure(THROUGHPUT_WORKERS, plan.throughputTasks);
        add(Figure.checked("throughput", "efficiency (ideal / makespan)", r.efficiencyPercent(), "%",
                Target.atLeast(90), String.format(Locale.ROOT, "makespan %.2f s, ideal %.2f s; %d tasks failed",
                        r.makespanSeconds(), r.idealSeconds(), r.failed())));
        add(Figure.info("throughput", "makespan", r.makespanSeconds(), "s", ""));
        CpuSplit cpu = r.cpuPerTask();
        addCpu("throughput", cpu);
        double cpuSeconds = cpu.totalMs() * r.tasks() / 1000;
        why.put("throughput", String.format(Locale.ROOT, "each task held its worker for %.0f ms on average "
                + "(makespan x workers / tasks) instead of 100 ms. Each task costs %.1f ms of CPU (%s): %.1f s of CPU "
                + "for the run, %.1f s on %d cores at best, against an ideal makespan of %.2f s, so this machine's "
                + "CPU alone caps efficiency near %.0f%%; the rest is each task's dispatch gap (see dispatch).",
                r.makespanSeconds() * THROUGHPUT_WORKERS * 1000 / r.tasks(), cpu.totalMs(), cpu.describe(),
                cpuSeconds, cpuSeconds / cores, cores, r.idealSeconds(),
                Math.min(100, 100 * r.idealSeconds() / (cpuSeconds / cores))));
    }

    private void rescue() throws InterruptedException {
        out.printf("rescue latency: %d \"Press Enter to continue\" prompts on %d workers...%n", plan.rescuePrompts,
                RESCUE_WORKERS);
        RescueLatencyBench.Result r = RescueLatencyBench.measure(RESCUE_WORKERS, plan.rescuePrompts);
        String answered = r.answered() + " of " + r.prompts() + " prompts answered";
        add(Figure.checked("rescue", "prompt -> Enter p50", r.latencies().median(), "ms", Target.atMost(100), answered));
        add(Figure.info("rescue", "prompt -> Enter p99", r.latencies().percentile(99), "ms", ""));
        if (r.answered() < r.prompts()) notes.add("rescue: " + answered);
        why.put("rescue", "a prompt wakes the master through the pane's output (control-mode %output); the master "
                + "captures a pane once its output has been quiet for 40 ms, then the rescuer decides and sends the "
                + "key: what is left over is tmux's capture and the key on a loaded machine.");
    }

    private void idle(IdleCostBench.Result r) {
        int panes = r.panes();
        out.printf("master while agents think: %d busy panes, %d s window%n", panes, plan.idleWindow.toSeconds());
        String name = panes + " panes: ";
        add(Figure.checked("idle", name + "master CPU", r.cpuPercentOfOneCore(), "% core", Target.atMost(3),
                "`swarm master` JVM + its tmux client, over " + Math.round(r.windowSeconds()) + " s"));
        why.merge("idle", String.format(Locale.ROOT, "%d panes: %.1f%% of one core;", panes,
                r.cpuPercentOfOneCore()), (a, b) -> a + " " + b);
        if (panes == 200) why.merge("idle", "the rest is the quiet tick (a round every 5 s: task file, lock "
                + "heartbeats, list of panes; every other one a rescue sweep capturing every running pane) and the /proc "
                + "walk of every pane's processes for CPU every 10 s, all growing with the number of panes.", (a, b) -> a + " " + b);
        add(Figure.checked("idle", name + "master RSS", r.rssMiB(), "MiB", Target.atMost(300),
                String.format(Locale.ROOT, "peak %.0f MiB", r.peakRssMiB())));
        add(Figure.checked("idle", name + "master CPU, web page open", r.pageOpenCpuPercent(), "% core",
                Target.atMost(3), "swarm serve on, a client holding the page's event stream, same window"));
        add(Figure.checked("idle", name + "page open: task added -> page told p50", r.pageUpdateMs().median(), "ms",
                Target.atMost(1000), IdleCostBench.PAGE_UPDATES + " tasks added one by one; until the event stream "
                        + "brings the snapshot that counts it"));
        add(Figure.info("idle", name + "page open: task added -> page told p99", r.pageUpdateMs().percentile(99), "ms",
                ""));
    }

    private void idleAgents(IdleCostBench.AgentsResult r) {
        out.printf("master while agents wait for a prompt: %d idle agents, %d s window%n", r.agents(),
                plan.idleWindow.toSeconds());
        String name = r.agents() + " idle agents: ";
        add(Figure.checked("idle", name + "master CPU", r.masterCpuPercent(), "% core", Target.atMost(3),
                "`swarm master` JVM + its tmux client, over " + Math.round(r.windowSeconds()) + " s; agents' screens"
                        + " are read when they print, not polled"));
        add(Figure.info("idle", name + "tmux server CPU", r.tmuxServerCpuPercent(), "% core",
                "the captures the master asks for"));
        add(Figure.checked("idle", name + "master RSS", r.rssMiB(), "MiB", Target.atMost(300), ""));
    }

    private void status(BenchSwarm session) throws InterruptedException {
        int lines = plan.quick ? STATUS_LOG_LINES / 5 : STATUS_LOG_LINES; // --quick: writing the log took a minute
        out.printf("swarm status: %d workers, %,d-line status log, %d runs...%n", STATUS_WORKERS, lines,
                plan.statusRuns);
        StatusTimeBench.Result r = StatusTimeBench.measure(session, lines, plan.statusRuns);
        add(Figure.checked("status", "`swarm status` wall time (median)", r.wallMs().median(), "ms",
                Target.atMost(300), String.format(Locale.ROOT, "separate JVM; log %.0f MiB", r.logBytes() / 1048576.0)));
        add(Figure.checked("status", "`swarm status`, master running (median)", r.viaMasterWallMs().median(), "ms",
                Target.atMost(300), "bin/swarm's curl client; the master answers on its local socket"));
        add(Figure.info("status", "JVM start (`swarm --version`, median)", r.jvmStartMs().median(), "ms", ""));
        add(Figure.info("status", "status without JVM start, no master", r.wallMs().median() - r.jvmStartMs().median(),
                "ms", "wall time - JVM start"));
        why.put("status", String.format(Locale.ROOT, "the JVM start alone is %.0f ms of the 300 ms budget (with the "
                + "class-data sharing archive bin/swarm makes). With a master running, bin/swarm asks it with curl on its "
                + "local socket, no JVM (%.0f ms in all). Without one, the rest is a cold JVM counting the %,d "
                + "queued tasks "
                + "by status (streamed, on a second thread) while it attaches to tmux, lists the panes, reads each pane's process tree in "
                + "/proc and reads the %,d-line log (%.0f MiB) backwards until every worker's last line is found.",
                r.jvmStartMs().median(), r.viaMasterWallMs().median(), 1000, r.logLines(),
                r.logBytes() / 1048576.0));
    }

    private void cli() throws InterruptedException {
        int runs = plan.quick ? 1 : 9;
        out.printf("cli: swarm --version, status, task add, task list (%d queued tasks), each %d times, without and "
                + "with a master...%n", CliStartBench.QUEUED, runs);
        CliStartBench.Result r = CliStartBench.measure(runs, !plan.quick);
        if (!r.launcher()) notes.add("cli: not started by bin/swarm, so the JVMs ran without its archive and no curl client");
        else if (!r.archive()) notes.add("cli: bin/swarm had no class-data archive (AI_SWARM_NO_CDS, or it could not be made)");
        for (CliStartBench.Command c : r.commands()) {
            add(Figure.info("cli", c.name() + ": wall (median)", c.wallMs().median(), "ms", ""));
            boolean viaCurl = c.name().endsWith("curl");
            add(viaCurl ? Figure.checked("cli", c.name() + ": CPU", c.cpuMs(), "ms", Target.atMost(50),
                    "bash and curl; the master does the work")
                    : Figure.info("cli", c.name() + ": CPU", c.cpuMs(), "ms", "the command's processes"));
            if (!Double.isNaN(c.masterCpuMs())) {
                add(Figure.info("cli", c.name() + ": master CPU", c.masterCpuMs(), "ms", "per call"));
            }
        }
        why.put("cli", "bash and curl should cost a few milliseconds of CPU; more means bin/swarm did not take its curl "
                + "path (no curl, AI_SWARM_* settings it leaves to the JVM) or the machine is short of CPU.");
    }

    private void worktrees() throws IOException {
        int worktrees = plan.quick ? 2 : 5;
        int tasks = plan.quick ? 10 : 50;
        int files = plan.quick ? WORKTREE_FILES / 5 : WORKTREE_FILES; // --quick: a smaller repository, same steps
        out.printf("worktrees: a %,d-file repository, %d worktrees made, %d tasks switched to and merged...%n",
                files, worktrees, tasks);
        WorktreeBench.Result r = WorktreeBench.measure(files, worktrees, tasks);
        add(Figure.info("worktrees", "create a worktree (median)", r.createMs().median(), "ms",
                String.format(Locale.ROOT, "%,d files; git worktree add under the repository's lock, .worktreeinclude",
                        r.files())));
        add(Figure.info("worktrees", "disk per worktree: checkout", r.worktreeBytes() / 1048576.0, "MiB",
                String.format(Locale.ROOT, "the repository's .git is %.1f MiB and is shared",
                        r.repoBytes() / 1048576.0)));
        add(Figure.info("worktrees", "disk per worktree: git's admin (index)", r.adminBytes() / 1048576.0, "MiB",
                "in .git/worktrees/NAME"));
        add(Figure.info("worktrees", "next task in a worker's worktree (median)", r.switchMs().median(), "ms",
                "leftovers committed, new branch from the tip, switched: the worktree-per-worker cost per task"));
        add(Figure.info("worktrees", "per task: worktree per task / per worker", r.createMs().median()
                / r.switchMs().median(), "x", "creating a worktree vs switching an existing one"));
        add(Figure.info("worktrees", "merge queue per task, no verify", r.mergeMsPerTask(), "ms",
                r.merged() + " tasks of one changed file each, rebased, CAS, the person's checkout following"));
    }

    /** A swarm made on first use and closed at the end; none is made when no benchmark asks for it. */
    private static final class LazySwarm implements AutoCloseable {
        private final String name;
        private final int workers;
        private BenchSwarm swarm;

        LazySwarm(String name, int workers) {
            this.name = name;
            this.workers = workers;
        }

        BenchSwarm get() {
            if (swarm == null) swarm = BenchSwarm.start(name, workers, Map.of());
            return swarm;
        }

        @Override
        public void close() {
            if (swarm != null) swarm.close();
        }
    }

    private boolean missed(String benchmark) {
        return figures.stream().anyMatch(f -> f.benchmark().equals(benchmark) && f.verdict().equals("miss"));
    }

    private void add(Figure figure) {
        figures.add(figure);
    }

    private void printTable() {
        out.println();
        out.printf(Locale.ROOT, "%-10s %-40s %12s %-7s %-12s %-5s %s%n", "benchmark", "figure", "value", "unit",
                "target", "", "");
        out.println("-".repeat(110));
        for (Figure f : figures) {
            String target = f.target() == null ? "" : f.target().describe(f.unit());
            String verdict = f.verdict().equals("info") ? "" : f.verdict().toUpperCase(Locale.ROOT);
            out.printf(Locale.ROOT, "%-10s %-40s %12s %-7s %-12s %-5s %s%n", f.benchmark(), f.name(),
                    Figure.format(f.value()), f.unit(), target, verdict, f.missedBy());
        }
        for (String note : notes) out.println("note: " + note);
        for (Map.Entry<String, String> e : why.entrySet()) {
            if (missed(e.getKey())) out.println("why " + e.getKey() + " missed: " + e.getValue());
        }
    }

    private void write(Path json, Machine machine, Instant started, Duration took) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("date", started.truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("mode", plan.quick ? "quick" : "full");
        root.put("duration_s", took.toSeconds());
        ObjectNode m = root.putObject("machine");
        m.put("cores", machine.cores());
        m.put("memory_gib", Math.round(machine.memoryGiB() * 10) / 10.0);
        m.put("cpu", machine.cpu());
        m.put("os", machine.os());
        m.put("jdk", machine.jdk());
        m.put("tmux", machine.tmux());
        m.put("load_average_at_start", machine.loadAverage());
        m.put("shared", "2 cores shared with other work: figures are noisy; medians and percentiles of one run");
        ArrayNode list = root.putArray("figures");
        for (Figure f : figures) {
            ObjectNode o = list.addObject();
            o.put("benchmark", f.benchmark());
            o.put("name", f.name());
            if (Double.isNaN(f.value())) o.putNull("value");
            else o.put("value", Math.round(f.value() * 1000) / 1000.0);
            o.put("unit", f.unit());
            if (f.target() != null) {
                o.put("target", f.target().describe(f.unit()));
                o.put("verdict", f.verdict());
                if (!f.missedBy().isEmpty()) o.put("missed_by", f.missedBy());
            } else {
                o.put("verdict", "info");
            }
            if (!f.note().isEmpty()) o.put("note", f.note());
            if (f.verdict().equals("miss") && why.containsKey(f.benchmark())) o.put("why", why.get(f.benchmark()));
        }
        ArrayNode n = root.putArray("notes");
        notes.forEach(n::add);
        try {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
        }
    }
}
