package io.aiswarm.cli;

import io.aiswarm.master.SwarmSession;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.tmux.TmuxException;
import io.aiswarm.tmux.TmuxProcessRunner;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** swarm attach: puts this terminal on the cluster's session (detach with the tmux prefix + d). */
@Command(name = "attach", mixinStandardHelpOptions = true, description = "Attach this terminal to tmux session swarm-<cluster> to watch or take over "
        + "a worker (detach with the tmux prefix key, then d).")
public class AttachCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        SwarmConfig config = cluster.config();
        String session = SwarmSession.name(config.cluster());
        try {
            if (!TmuxSwarmManager.sessionExists(config.tmuxSocket(), session)) {
                return TmuxErrors.fail("no tmux session '" + session + "' on socket '" + config.tmuxSocket()
                        + "': start it with 'swarm up --cluster " + config.cluster() + "'");
            }
            return new TmuxProcessRunner(config.tmuxSocket()).attachTerminal(session, System.getenv("TMUX"));
        } catch (TmuxException e) {
            return TmuxErrors.fail(e.getMessage());
        }
    }
}
