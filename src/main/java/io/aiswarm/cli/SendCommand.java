package io.aiswarm.cli;

import io.aiswarm.master.PersonAnswer;
import io.aiswarm.master.SwarmSession;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.stores.SwarmStores;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `swarm send`: a person answers a worker's prompt. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Types TEXT into a worker's pane exactly as given (e.g. to answer a prompt the master "
                + "raised HELP for); --enter presses Enter after it. The answer is recorded in status.log as START "
                + "for the worker's task (without the text), so the worker is busy again, not HELP.")
public class SendCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKER", description = "Worker id, e.g. worker-1.")
    String worker;

    @Parameters(index = "1", paramLabel = "TEXT", description = "Text to type; may be empty with --enter.")
    String text;

    @Option(names = "--enter", description = "Press Enter after the text.")
    boolean enter;

    @Override
    public Integer call() {
        SwarmConfig config = cluster.config();
        String session = SwarmSession.name(config.cluster());
        if (!TmuxSwarmManager.sessionExists(config.tmuxSocket(), session)) {
            throw new IllegalArgumentException("no tmux session '" + session + "' on socket '" + config.tmuxSocket()
                    + "': is the swarm up (`swarm up`)?");
        }
        try (TmuxSwarmManager tmux = TmuxSwarmManager.connect(config.tmuxSocket(), session)) {
            AgentPane pane = tmux.pane(worker).orElseThrow(() -> new IllegalArgumentException("no worker '" + worker
                    + "' in session '" + session + "'; workers: " + tmux.panes(false).stream().map(AgentPane::workerId)
                    .sorted(WorkerIds.ORDER).collect(Collectors.joining(", "))));
            if (pane.dead()) {
                throw new IllegalArgumentException(worker + " has nothing running: the command of its pane ended"
                        + (pane.exitStatus() == null ? "" : " (exit " + pane.exitStatus() + ")")
                        + "; nothing was typed");
            }
            PersonAnswer.send(tmux, SwarmStores.open(config, Clock.systemUTC()), worker, text, enter)
                    .ifPresent(task -> spec.commandLine().getOut().println("swarm: answered " + worker + " on task " + task.taskId()
                            + "; it is running again"));
        }
        return SwarmMain.EXIT_OK;
    }
}
