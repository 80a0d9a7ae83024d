package io.aiswarm.cli;

import io.aiswarm.master.SwarmSession;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.TmuxSwarmManager;
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
        description = {"Types TEXT into a worker's pane exactly as given; --enter presses Enter after it.",
                "Raw keys: to answer a HELP use `swarm answer WORKER yes|no|cancel`, which reads the prompt and types "
                        + "what means your answer (on an agent's dialog `n` is ignored and Enter approves). A HELP ends "
                        + "when the master sees its prompt gone from the screen, not because something was typed. "
                        + "The text is never logged."})
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
            if (!text.isEmpty()) tmux.sendText(worker, text);
            if (enter) tmux.sendKey(worker, "Enter");
            spec.commandLine().getOut().println("swarm: typed " + text.length() + " character(s)" + (enter ? " and Enter"
                    : "") + " into " + worker + "; a HELP of it ends once its prompt is gone from the screen");
        }
        return SwarmMain.EXIT_OK;
    }
}
