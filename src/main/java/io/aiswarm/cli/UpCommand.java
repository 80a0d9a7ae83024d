package io.aiswarm.cli;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.tmux.TmuxSwarmManager.SessionSpec;
import io.aiswarm.tmux.SwarmSession;
import io.aiswarm.tmux.TmuxException;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** swarm up: creates the cluster's tmux session (master window + worker panes). */
@Command(name = "up", description = "Start the swarm's tmux session swarm-<cluster>: a 'master' window running "
        + "'swarm master' and worker panes worker-0.. (on the tmux socket $AI_SWARM_TMUX_SOCKET).")
public class UpCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Worker panes (default: 2).")
    int workers;

    @Option(names = "--layout", paramLabel = "windows|tiled", defaultValue = "windows",
            description = "One window per worker (windows, default) or all workers in one tiled window.")
    String layout;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Start directory of every pane (default: here).")
    Path workdir;

    @Option(names = "--agent", paramLabel = "PROFILE",
            description = "Agent profile the workers run (passed to panes as $AI_SWARM_AGENT); default: exec workers.")
    String agent;

    @Override
    public Integer call() {
        SwarmConfig config = cluster.config();
        SessionSpec spec = SwarmSession.spec(config, workers, layout, workdir, agent);
        try {
            if (TmuxSwarmManager.sessionExists(spec.socket(), spec.session())) {
                return TmuxErrors.fail("tmux session '" + spec.session() + "' already exists on socket '" + spec.socket()
                        + "': attach with 'swarm attach --cluster " + config.cluster() + "' or stop it with 'swarm down --cluster "
                        + config.cluster() + "'");
            }
            try (TmuxSwarmManager manager = TmuxSwarmManager.create(spec)) {
                System.out.println("swarm: started tmux session '" + spec.session() + "' on socket '" + spec.socket()
                        + "' with " + manager.panes().size() + " worker(s), layout " + spec.layout()
                        + (agent == null ? ", exec workers" : ", agent " + agent));
                System.out.println("swarm: watch it with 'swarm attach --cluster " + config.cluster() + "'");
            }
            return SwarmMain.EXIT_OK;
        } catch (TmuxException e) {
            return TmuxErrors.fail(e.getMessage());
        }
    }
}
