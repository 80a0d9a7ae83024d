package io.aiswarm.tmux;

import static io.aiswarm.tmux.TmuxQuoting.quote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a swarm session: the session with its {@code master} window (one tmux process, since no
 * session exists yet to attach to), then everything else through the control-mode client, pipelined.
 * Panes start with a shell and are respawned with their command once remain-on-exit is on, so a
 * command that ends at once still leaves its pane (and exit status) behind.
 */
final class SessionCreator {
    static final String WIDTH = "220";
    static final String HEIGHT = "50";

    private SessionCreator() {
    }

    static TmuxSwarmManager create(SessionSpec spec) {
        TmuxProcessRunner runner = new TmuxProcessRunner(spec.socket());
        if (TmuxSwarmManager.sessionExists(spec.socket(), spec.session())) {
            throw new TmuxException("tmux session '" + spec.session() + "' already exists on socket '"
                    + spec.socket() + "'");
        }
        runner.run(newSessionArgs(spec).toArray(String[]::new));
        TmuxSwarmManager manager = null;
        try {
            manager = TmuxSwarmManager.attachNew(spec.socket(), spec.session(), spec.layout());
            String target = quote("=" + spec.session() + ":");
            List<String> setup = new ArrayList<>(List.of(
                    "set-option -t " + target + " " + TmuxSwarmManager.LAYOUT_OPTION + " " + spec.layout(),
                    // when the session ends, control clients detach instead of switching to another session
                    "set-option -t " + target + " detach-on-destroy on",
                    "set-option -w -t " + quote("=" + spec.session() + ":" + TmuxSwarmManager.MASTER_WINDOW)
                            + " remain-on-exit on"));
            if (spec.masterCommand() != null && !spec.masterCommand().isEmpty()) {
                setup.add("respawn-pane -k -t " + quote("=" + spec.session() + ":" + TmuxSwarmManager.MASTER_WINDOW)
                        + " -- " + TmuxSwarmManager.argv(spec.masterCommand()));
            }
            manager.awaitAll(setup);
            manager.addWorkers(spec.workerIds(), spec.workerCommand());
            return manager;
        } catch (RuntimeException e) {
            if (manager != null) {
                manager.killSession();
            } else {
                runner.tryRun("kill-session", "-t", "=" + spec.session());
            }
            throw e;
        }
    }

    private static List<String> newSessionArgs(SessionSpec spec) {
        Path workdir = spec.workdir() != null ? spec.workdir() : Path.of("").toAbsolutePath();
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", spec.session(),
                "-n", TmuxSwarmManager.MASTER_WINDOW, "-x", WIDTH, "-y", HEIGHT, "-c",
                TmuxQuoting.noFormat(workdir.toString()))); // tmux expands -c as a format
        for (Map.Entry<String, String> e : spec.env().entrySet()) {
            args.add("-e");
            args.add(e.getKey() + "=" + e.getValue());
        }
        args.addAll(SessionSpec.QUIET_SHELL); // replaced by the master's command, if any
        return args;
    }
}
