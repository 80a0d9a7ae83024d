package io.aiswarm.cli;

import io.aiswarm.master.SwarmSession;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.tmux.TmuxException;
import io.aiswarm.tmux.TmuxSwarmManager;
import io.aiswarm.workspace.WorkspaceSettings;
import io.aiswarm.state.TaskInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** swarm down: ends the cluster's session and every process started in it. */
@Command(name = "down", mixinStandardHelpOptions = true, description = {"Stop the swarm: end tmux session swarm-<cluster> and every process started in "
        + "it (and the tmux server when no other session is left on it).",
        "The master stops first; the tasks the workers were running go back to the queue (attempts counted) and run "
                + "again after `swarm up`."})
public class DownCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws InterruptedException {
        SwarmConfig config = cluster.config();
        String session = SwarmSession.name(config.cluster());
        try {
            if (!TmuxSwarmManager.sessionExists(config.tmuxSocket(), session)) {
                System.err.println("swarm: no tmux session '" + session + "' on socket '" + config.tmuxSocket()
                        + "': nothing to stop");
                return SwarmMain.EXIT_OK;
            }
            List<TaskInfo> moved = SwarmStop.stop(config, session);
            System.out.println("swarm: stopped tmux session '" + session + "' on socket '" + config.tmuxSocket() + "'");
            for (TaskInfo t : moved) {
                System.out.println("swarm: task " + t.taskId() + (t.status().isFinal() ? " failed: " + t.error()
                        : " was running: it is back in the queue and runs again after `swarm up`"));
            }
            if (java.nio.file.Files.exists(WorkspaceSettings.path(config.swarmDir()))) {
                System.out.println("swarm: the worktrees and task branches stay (" + WorkspaceSettings.worktreesDir(
                        config.swarmDir()) + "): `swarm merge` integrates the work, `swarm clean` removes what is merged");
            }
            return SwarmMain.EXIT_OK;
        } catch (TmuxException e) {
            return TmuxErrors.fail(e.getMessage());
        }
    }
}
