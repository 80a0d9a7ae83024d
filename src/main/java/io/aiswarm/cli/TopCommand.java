package io.aiswarm.cli;

import io.aiswarm.api.ControlSocketClient;
import io.aiswarm.master.SwarmSession;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.tmux.TmuxProcessRunner;
import io.aiswarm.top.MasterFeed;
import io.aiswarm.top.TopApp;
import io.aiswarm.top.TopFeed;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `swarm top`: the live view in the terminal. */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"A full-screen live view of the swarm in this terminal: who needs help and why, every worker, "
                + "the queue, recent events; redrawn when the master reports a change.",
                "Keys: Tab section, arrows (or j/k) move, y/n/c answer the selected HELP (yes/no/cancel, confirmed "
                        + "with Enter), a attach to the selected worker's pane (detach: tmux prefix, then d), "
                        + "x cancel / r retry the selected task, q quit.",
                "Without a running master it shows the files every 2 s and cannot act."})
public class TopCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--once", description = "Print one frame as plain text (every worker, up to 30 tasks) and exit.")
    boolean once;

    @Option(names = "--width", paramLabel = "COLUMNS", description = "With --once: line width (default: $COLUMNS or 100).")
    Integer width;

    @Override
    public Integer call() throws Exception {
        SwarmConfig config = cluster.config();
        if (!Files.isDirectory(config.swarmDir())) {
            throw new IllegalArgumentException("no swarm directory " + config.swarmDir() + " for cluster '"
                    + config.cluster() + "': create it with `swarm init` (or set AI_SWARM_DIR)");
        }
        Clock clock = Clock.systemDefaultZone();
        ControlSocketClient client = ControlSocketClient.of(config.paths().controlSocket(), "top");
        try (TopFeed feed = MasterFeed.open(client).map(f -> (TopFeed) f).orElseGet(() -> new FileTopFeed(config, clock))) {
            if (once) {
                spec.commandLine().getOut().print(TopApp.once(feed, onceWidth(), clock));
                spec.commandLine().getOut().flush();
                return SwarmMain.EXIT_OK;
            }
            if (System.console() == null) {
                throw new IllegalArgumentException("swarm top needs a terminal; for scripts use swarm top --once "
                        + "(or swarm status --json)");
            }
            String session = SwarmSession.name(config.cluster());
            TmuxProcessRunner tmux = new TmuxProcessRunner(config.tmuxSocket());
            TopApp.Attacher attacher = worker -> tmux.attachTerminal(session, paneOf(tmux, session, worker),
                    System.getenv("TMUX"));
            try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).build()) {
                return new TopApp(feed, attacher, clock).run(terminal);
            }
        }
    }

    private int onceWidth() {
        if (width != null) return width;
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** The tmux pane id of a worker (its @swarm_worker tag), e.g. %3. */
    private static String paneOf(TmuxProcessRunner tmux, String session, String worker) {
        for (String line : tmux.run("list-panes", "-s", "-t", "=" + session, "-F", "#{@swarm_worker}\t#{pane_id}")) {
            String[] parts = line.split("\t", 2);
            if (parts.length == 2 && parts[0].equals(worker)) return parts[1];
        }
        throw new IllegalArgumentException("no pane for " + worker + " in session " + session);
    }
}
