package io.aiswarm.cli;

import io.aiswarm.agent.AgentProfiles;
import io.aiswarm.agent.AgentSwarmUp;
import io.aiswarm.agent.AgentTaskMarker;
import io.aiswarm.master.WorkerRestart;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.stores.SwarmStores;
import io.aiswarm.tmux.TmuxSwarmManager;
import io.aiswarm.tmux.SessionSpec;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code swarm restart WORKER}: a fresh pane for a worker whose agent died or hangs; its task goes back to the queue. */
@Command(name = "restart", mixinStandardHelpOptions = true, description = {
        "Restarts a worker's pane: its agent again (as `swarm up --agent` started it), or a quiet shell for an exec worker.",
        "Whatever ran there is killed; the task it was on goes back to the queue in its place, the attempt counted",
        "(after AI_SWARM_MAX_ATTEMPTS it fails). The same rule as for an agent or a command that dies mid-task."})
public class RestartCommand extends WorkerCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        SwarmConfig config = cluster.config();
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (TmuxSwarmManager tmux = connect(config);
             SwarmStore store = SwarmStores.open(config, clock)) {
            pane(tmux);
            Optional<WorkerRoster> roster = WorkerRoster.read(config.swarmDir());
            Optional<String> agents = roster.flatMap(r -> r.worker(worker)).filter(WorkerRoster.Worker::isAgent)
                    .map(WorkerRoster.Worker::agent);
            List<String> command = agents.map(profile -> AgentSwarmUp.workerCommand(config,
                    AgentProfiles.load(config).get(profile), roster.get().workdir(), worker))
                    .orElse(SessionSpec.QUIET_SHELL);
            tmux.respawnWorker(worker, command);
            if (agents.isPresent()) new AgentTaskMarker(config.swarmDir()).clear(worker);
            List<TaskInfo> moved = WorkerRestart.requeueTasksOf(worker, "its worker " + worker + " was restarted by "
                    + "a person", store.queue(), store.locks(), new StatusBroadcaster(store.statusLog(), clock),
                    config.maxAttempts(), clock);
            out.println("swarm: restarted " + worker + (agents.isPresent() ? " (agent " + agents.get() + ")"
                    : " (exec worker)"));
            for (TaskInfo t : moved) {
                out.println("swarm: task " + t.taskId() + (t.status().isFinal() ? " failed: " + t.error()
                        : " is back in the queue (attempt " + t.attempts() + " used)"));
            }
            return SwarmMain.EXIT_OK;
        }
    }
}
