package io.aiswarm.tmux;

import static io.aiswarm.tmux.TmuxQuoting.quote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs exec workers' commands: restarts their panes with the command (respawn-pane), on a clean screen, with the
 * output piped to a log, all workers of a round in one round trip; and knows which respawns tmux has not answered.
 */
final class PaneRunner {
    /** Runs the command in this shell (no extra process); an EXIT trap records its status ($? on exit). */
    private static final String EXIT_WRAPPER = "trap 'tmux set-option -p -t \"$TMUX_PANE\" "
            + TmuxSwarmManager.EXIT_OPTION + " \"$?\" 2>/dev/null' EXIT; eval \"$1\"";

    /** Respawns tmux has not answered yet, by worker: tmux may still carry them out. */
    private final Map<String, CompletableFuture<List<String>>> pendingRespawns = new ConcurrentHashMap<>();
    private final ControlModeClient client;
    private final PaneRegistry registry;
    private final PaneEvents events;

    PaneRunner(ControlModeClient client, PaneRegistry registry, PaneEvents events) {
        this.client = client;
        this.registry = registry;
        this.events = events;
    }

    /** See {@link TmuxSwarmManager#runInPanes}. */
    Map<String, RuntimeException> runInPanes(Map<String, PaneRun> runs) {
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        Map<String, String> paneOf = new LinkedHashMap<>();
        for (Map.Entry<String, PaneRun> run : runs.entrySet()) {
            try {
                createParentOf(run.getValue().outputLog());
                paneOf.put(run.getKey(), registry.paneId(run.getKey()));
            } catch (TmuxException | UncheckedIOException e) {
                failures.put(run.getKey(), new PaneNotStartedException(e.getMessage(), e));
            }
        }
        List<String> commands = new ArrayList<>();
        Map<String, Integer> respawnAt = new LinkedHashMap<>(); // index in commands of each pane's respawn-pane
        for (Map.Entry<String, String> worker : paneOf.entrySet()) {
            String pane = worker.getValue();
            PaneRun run = runs.get(worker.getKey());
            events.expectStart(pane, worker.getKey());
            // a clean screen: the last task's text (a prompt it answered) must not pass for the new one's
            commands.addAll(List.of("send-keys -R -t " + pane, "clear-history -t " + pane,
                    "set-option -p -u -t " + pane + " " + TmuxSwarmManager.EXIT_OPTION));
            for (String line : respawnLines(pane, paneCommand(run))) {
                if (line.startsWith("respawn-pane")) respawnAt.put(worker.getKey(), commands.size());
                commands.add(line);
            }
            // pipe-pane refuses a dead pane, so it follows the respawn (opening a pipe closes the pane's previous
            // one). A script that waits for the pipe gets a byte typed by it (-I): ^D, which the terminal does not
            // echo, so neither the screen nor the log shows it. tmux expands the pipe's command as a format.
            String pipe = run.outputCommand() != null ? run.outputCommand()
                    : (run.waitsForPipe() ? "printf '\\004'; " : "") + appendOnlyToARegularFile(run.outputLog());
            commands.add("pipe-pane " + (run.waitsForPipe() ? "-I -O " : "") + "-t " + pane + " "
                    + quote(TmuxQuoting.noFormat(pipe)));
        }
        if (commands.isEmpty()) return failures;
        List<CompletableFuture<List<String>>> replies = client.pipeline(commands);
        int i = 0;
        int perPane = commands.size() / paneOf.size();
        for (String worker : paneOf.keySet()) {
            int respawn = respawnAt.get(worker);
            for (int k = 0; k < perPane; k++, i++) {
                try {
                    ControlModeClient.await(replies.get(i), commands.get(i));
                } catch (TmuxException e) {
                    if (i < respawn) continue; // the respawn's own answer decides
                    if (i == respawn) {
                        failures.put(worker, outcome(worker, replies.get(i), e));
                        registry.markStale(); // that pane may have gone: the next lookup lists them again
                    }
                    // a later line (the output pipe) failing does not undo a started run
                }
            }
        }
        return failures;
    }

    /** A respawn that failed: refused by tmux means not started; no answer means tmux may still run it. */
    private RuntimeException outcome(String worker, CompletableFuture<List<String>> reply, TmuxException e) {
        if (e instanceof TmuxRefusedException) return new PaneNotStartedException(e.getMessage(), e);
        if (!reply.isDone()) pendingRespawns.put(worker, reply);
        return e;
    }

    /**
     * True while a respawn sent to this worker's pane got no answer yet: tmux may still carry it out, so the run it
     * was for must be taken as possibly started.
     */
    boolean respawnPending(String workerId) {
        CompletableFuture<List<String>> reply = pendingRespawns.get(workerId);
        if (reply == null) return false;
        if (!reply.isDone() && client.isOpen()) return true;
        pendingRespawns.remove(workerId, reply);
        return false;
    }

    /** What respawn-pane runs, tmux-quoted: the script and its arguments, or the command through the shell. */
    private static String paneCommand(PaneRun run) {
        String shell = quote(run.shell());
        if (run.script() != null) {
            List<String> argv = new ArrayList<>(List.of(run.shell(), run.script().toAbsolutePath().toString()));
            argv.addAll(run.args());
            return TmuxSwarmManager.argv(argv);
        }
        // the EXIT trap costs a tmux client process per run: only for commands that do not report their exit
        return run.reportsOwnExit() ? shell + " -c " + quote(run.shellCommand())
                : shell + " -c " + quote(EXIT_WRAPPER) + " swarm-task " + quote(run.shellCommand());
    }

    /**
     * The lines that restart a pane with {@code command} (tmux-quoted), killing what runs there. tmux up to 3.6
     * crashes, taking every session with it, when it reads a respawned pane's output while a control client with
     * %output on has not yet been sent all of that pane's earlier output (tmux issue 5499; reproduced here with
     * 3.3a in a few dozen respawns of a printing pane). Pausing the pane for this client around the respawn
     * makes tmux reset the client's place in the pane. Without %output there is nothing to be behind on.
     */
    List<String> respawnLines(String pane, String command) {
        String respawn = "respawn-pane -k -t " + pane + " -- " + command;
        if (!client.isOutputEnabled()) return List.of(respawn);
        return List.of("refresh-client -A " + quote(pane + ":pause"), respawn,
                "refresh-client -A " + quote(pane + ":continue"));
    }

    private static void createParentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The output pipe's shell command: {@code cat >> log}, but only when neither the log nor its directory is a
     * symbolic link and the log, if it exists, is a regular file; otherwise the pipe ends and the output shows only
     * in the pane (a link planted as results/ or as a task's log is never followed).
     */
    static String appendOnlyToARegularFile(Path log) {
        Path file = log.toAbsolutePath();
        return "umask 077; d=" + TmuxQuoting.shell(file.getParent().toString()) + "; f="
                + TmuxQuoting.shell(file.toString()) + "; if [ -d \"$d\" ] && [ ! -L \"$d\" ] && [ ! -L \"$f\" ]"
                + " && { [ ! -e \"$f\" ] || [ -f \"$f\" ]; }; then exec cat >> \"$f\"; fi";
    }
}
