package io.aiswarm.cli;

import io.aiswarm.api.ApiResponse;
import io.aiswarm.api.ControlSocketClient;
import io.aiswarm.master.QueueNotes;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.pg.PgClusterView;
import io.aiswarm.state.pg.PgSwarmStore;
import io.aiswarm.state.pg.StoreUnavailableException;
import io.aiswarm.stores.SwarmStores;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** `swarm status`: one row per worker, queue totals, HELP items first. Read-only. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows every worker (state, task, since, waiting for how long, CPU progress, note), the "
                + "queue totals, and the workers that need a person first.",
                "When a master runs, it answers from its last round through its local socket (master.sock); "
                        + "otherwise (or with --cpu-sample) status reads tmux and the state files itself.",
                "With a shared store (AI_SWARM_STORE=postgresql://...), from any machine: every machine (its master "
                        + "live or lost), the leader, every machine's workers and the queue, read from the store."})
public class StatusCommand implements Callable<Integer> {
    /** A master that does not answer by then is left alone: status reads the files itself. */
    static final Duration MASTER_TIMEOUT = Duration.ofSeconds(5);

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--panes", description = "Also show the last lines of every worker pane.")
    boolean panes;

    // off by default: status stays instant (the CPU column's total already moves between two calls)
    @Option(names = "--cpu-sample", paramLabel = "MS", description = "Also measure the CPU each worker's processes "
            + "use over this many milliseconds (shown as +N ms; 200 tells busy from idle). Default: 0, no wait.")
    long cpuSampleMillis;

    /** Set when the master itself runs this command (see {@link CliViaMaster}): its answer to an API target. */
    java.util.function.Function<String, ApiResponse> master;

    @Override
    public Integer call() throws Exception {
        if (cpuSampleMillis < 0 || cpuSampleMillis > 60_000) {
            throw new IllegalArgumentException("--cpu-sample " + cpuSampleMillis
                    + " is out of range: give milliseconds from 0 to 60000");
        }
        SwarmConfig config = cluster.config();
        if (SwarmStores.isShared(config)) return clusterStatus(config);
        if (!Files.isDirectory(config.swarmDir())) {
            throw new IllegalArgumentException("no swarm directory " + config.swarmDir()
                    + " for cluster '" + config.cluster() + "': create it with `swarm init` (or set AI_SWARM_DIR)");
        }
        if (cpuSampleMillis == 0 && fromMaster(config)) return SwarmMain.EXIT_OK;
        LocalStatus.Result local = LocalStatus.read(config, Clock.systemUTC(), panes, cpuSampleMillis);
        if (!local.sessionRunning() && !json) {
            spec.commandLine().getOut().println("tmux session '" + local.session() + "' is not running (socket '"
                    + config.tmuxSocket() + "')");
        }
        spec.commandLine().getOut().print(json ? local.report().toJson() + "\n" : local.report().toTable());
        spec.commandLine().getOut().flush();
        return SwarmMain.EXIT_OK;
    }

    /**
     * A shared store: every machine, read from the store (from any machine). When the store cannot be reached, that is
     * said first, then what this machine's master saw in its last round, if it runs (exit 1 either way).
     */
    private int clusterStatus(SwarmConfig config) {
        try (PgSwarmStore store = PgSwarmStore.open(config, Clock.systemUTC())) {
            PgClusterView view = PgClusterView.read(store.session());
            ClusterStatus status = new ClusterStatus(view, store.describe(),
                    QueueNotes.read(store.queue(), view.queue(), Optional.empty()));
            spec.commandLine().getOut().print(json ? status.toJson() : status.toTable());
            spec.commandLine().getOut().flush();
            return SwarmMain.EXIT_OK;
        } catch (StoreUnavailableException e) {
            spec.commandLine().getErr().println("swarm: the store is unavailable: " + e.getMessage() + "; masters keep their running tasks"
                    + " and claim nothing until it is back");
            spec.commandLine().getErr().flush();
            if (Files.isDirectory(config.swarmDir()) && fromMaster(config)) {
                spec.commandLine().getErr().println("swarm: (above: this machine's master, as of its last round)");
            }
            return SwarmMain.EXIT_FAILURE;
        }
    }

    /**
     * The running master answers from its last round through its local socket: no tmux scan and no reading of the
     * status log here, so this stays quick with many workers and a long log. False when no master answers.
     */
    private boolean fromMaster(SwarmConfig config) {
        String target = "/api/status?format=" + (json ? "status-json" : "table") + (panes ? "&panes=1" : "");
        Optional<ApiResponse> answer = master != null ? Optional.of(master.apply(target))
                : ControlSocketClient.of(config.paths().controlSocket(), "cli").call("GET", target, "", MASTER_TIMEOUT);
        if (answer.isEmpty() || answer.get().status() != 200) return false;
        spec.commandLine().getOut().print(answer.get().body());
        spec.commandLine().getOut().flush();
        return true;
    }
}
