package io.aiswarm.cli;

import io.aiswarm.tmux.TmuxSwarmManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `swarm send`: a person answers a worker's prompt. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Types TEXT into a worker's pane exactly as given; --enter presses Enter after it.",
                "Raw keys: to answer a HELP use `swarm answer WORKER yes|no|cancel`, which reads the prompt and types "
                        + "what means your answer (on an agent's dialog `n` is ignored and Enter approves). A HELP ends "
                        + "when the master sees its prompt gone from the screen, not because something was typed. "
                        + "The text is never logged."})
public class SendCommand extends WorkerCommand implements Callable<Integer> {
    @Parameters(index = "1", paramLabel = "TEXT", description = "Text to type; may be empty with --enter.")
    String text;

    @Option(names = "--enter", description = "Press Enter after the text.")
    boolean enter;

    @Override
    public Integer call() {
        try (TmuxSwarmManager tmux = connect(cluster.config())) {
            runningPane(tmux);
            if (!text.isEmpty()) tmux.sendText(worker, text);
            if (enter) tmux.sendKey(worker, "Enter");
            spec.commandLine().getOut().println("swarm: typed " + text.length() + " character(s)" + (enter ? " and Enter"
                    : "") + " into " + worker + "; a HELP of it ends once its prompt is gone from the screen");
        }
        return SwarmMain.EXIT_OK;
    }
}
