package io.aiswarm.cli;

import io.aiswarm.master.MasterLease;
import io.aiswarm.master.MasterScanner;
import io.aiswarm.master.PaneState;
import io.aiswarm.master.StatusReport;
import io.aiswarm.master.TmuxWorkerPanes;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmState;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.SwarmSession;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** `swarm status`: one row per worker, queue totals, HELP items first. Read-only. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows every worker (state, task, since, waiting for how long, CPU progress, note), the "
                + "queue totals, and the workers that need a person first.")
public class StatusCommand implements Callable<Integer> {
    /** Two pane samples this far apart show whether a worker's processes use CPU. */
    private static final long CPU_SAMPLE_MILLIS = 200; // 20 clock ticks of a busy process: enough to tell busy from idle

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--panes", description = "Also show the last lines of every worker pane.")
    boolean panes;

    @Override
    public Integer call() throws Exception {
        SwarmConfig config = cluster.config();
        if (!Files.isDirectory(config.swarmDir())) {
            throw new IllegalArgumentException("no swarm directory " + config.swarmDir()
                    + " for cluster '" + config.cluster() + "': create it with `swarm init` (or set AI_SWARM_DIR)");
        }
        Clock clock = Clock.systemUTC();
        SwarmState state = SwarmState.open(config, clock);
        String session = SwarmSession.name(config.cluster());
        StatusReport report;
        if (TmuxSwarmManager.sessionExists(config.tmuxSocket(), session)) {
            try (TmuxSwarmManager tmux = TmuxSwarmManager.connect(config.tmuxSocket(), session);
                 MasterScanner scanner = MasterScanner.createStatusScanner(config, state.statusLog(), state.locks(),
                         new TmuxWorkerPanes(tmux), clock)) {
                boolean anyRunning = scanner.scan(false).workers().values().stream()
                        .anyMatch(w -> w.pane() == PaneState.ALIVE);
                long firstSample = System.nanoTime();
                List<TaskInfo> tasks = state.queue().list(); // read while the CPU sample runs
                String master = MasterLease.holder(config.paths().masterLock()).orElse(null);
                if (anyRunning) {
                    long elapsed = (System.nanoTime() - firstSample) / 1_000_000;
                    if (elapsed < CPU_SAMPLE_MILLIS) Thread.sleep(CPU_SAMPLE_MILLIS - elapsed);
                }
                report = new StatusReport(clock.instant(), master, scanner.scan(panes).workers(), tasks);
            }
        } else {
            List<TaskInfo> tasks = state.queue().list();
            String master = MasterLease.holder(config.paths().masterLock()).orElse(null);
            // no session: the workers that still own tasks, from their last lines
            List<String> owners = tasks.stream().filter(t -> t.status().isActive()).map(TaskInfo::workerId)
                    .distinct().toList();
            try (MasterScanner scanner = MasterScanner.createStatusScanner(config, state.statusLog(), state.locks(),
                    owners, clock)) {
                report = new StatusReport(clock.instant(), master, scanner.scanAll(), tasks);
            }
            if (!json) spec.commandLine().getOut().println("tmux session '" + session + "' is not running (socket '"
                    + config.tmuxSocket() + "')");
        }
        spec.commandLine().getOut().print(json ? report.toJson() + "\n" : report.toTable());
        spec.commandLine().getOut().flush();
        return SwarmMain.EXIT_OK;
    }
}
