package io.aiswarm.cli;

import io.aiswarm.master.SwarmSession;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Base of the commands a person points at one worker of a running swarm ({@code send}, {@code answer},
 * {@code restart}): its cluster, the session that must run, and the worker's pane, each missing one a clear error.
 */
abstract class WorkerCommand {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKER", description = "Worker id, e.g. worker-1.")
    String worker;

    /** Connects to the cluster's session; an error saying how to start it when it does not run. */
    TmuxSwarmManager connect(SwarmConfig config) {
        return connectRunning(config, "is the swarm up (`swarm up`)?");
    }

    /** Connects to the cluster's running session; when it does not run, an error naming it, then {@code advice}. */
    static TmuxSwarmManager connectRunning(SwarmConfig config, String advice) {
        String session = SwarmSession.name(config.cluster());
        if (!TmuxSwarmManager.sessionExists(config.tmuxSocket(), session)) {
            throw new IllegalArgumentException("no tmux session '" + session + "' on socket '" + config.tmuxSocket()
                    + "': " + advice);
        }
        return TmuxSwarmManager.connect(config.tmuxSocket(), session);
    }

    /** The worker's pane; an error naming the workers there are when it has none. */
    AgentPane pane(TmuxSwarmManager tmux) {
        return tmux.panes(false).stream().filter(p -> p.workerId().equals(worker)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no worker '" + worker + "' in session '"
                        + tmux.session() + "'; workers: " + tmux.panes(false).stream().map(AgentPane::workerId)
                        .sorted(WorkerIds.ORDER).collect(Collectors.joining(", "))));
    }

    /** The worker's pane, whose process must still run (else there is nothing to type into). */
    AgentPane runningPane(TmuxSwarmManager tmux) {
        AgentPane pane = pane(tmux);
        if (pane.dead()) {
            throw new IllegalArgumentException(worker + " has nothing running: the command of its pane ended"
                    + (pane.exitStatus() == null ? "" : " (exit " + pane.exitStatus() + ")") + "; nothing was typed");
        }
        return pane;
    }
}
