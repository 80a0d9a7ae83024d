package io.aiswarm.tmux;

import static io.aiswarm.tmux.TmuxQuoting.quote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The swarm's tmux session: a {@code master} window and worker panes found by their {@code @swarm_worker}
 * tag (never by position), driven through one long-lived control-mode client. Pane exits and the
 * session's end arrive as {@link TmuxListener} events from tmux notifications.
 */
public final class TmuxSwarmManager implements AutoCloseable {
    static final String WORKER_OPTION = "@swarm_worker";
    static final String LAYOUT_OPTION = "@swarm_layout";
    static final String MASTER_WINDOW = "master";
    static final String TILED_WINDOW = "workers";
    /**
     * Exit status of the last runInPane command. tmux 3.3 loses a respawned pane's exit status now and
     * then (pane_dead_status stays empty), so the command's wrapper also records it in this pane option.
     */
    static final String EXIT_OPTION = "@swarm_exit_status";
    private static final String PANE_FORMAT =
            "#{@swarm_worker}\t#{pane_id}\t#{pane_pid}\t#{pane_dead}\t#{pane_dead_status}\t#{pane_dead_signal}\t"
                    + "#{" + EXIT_OPTION + "}\t#{pane_current_command}\t#{pane_start_command}";
    /**
     * The same without the foreground command, which tmux looks up in /proc for every pane (a third of the listing's
     * cost): the master lists the panes once or twice a round and needs it only with the CPU sample.
     */
    private static final String LEAN_PANE_FORMAT = PANE_FORMAT.replace("#{pane_current_command}", "");

    private final String socket;
    private final String session;
    private final ControlModeClient client;
    private final PaneInput input;
    private final PaneEvents events;
    private final List<TmuxListener> listeners = new CopyOnWriteArrayList<>();
    private final PaneRegistry registry;
    private final PaneRunner runner;
    /** Respawns tmux did not answer in time, by worker: it may still carry them out. */
    private volatile boolean outputWanted;
    private volatile boolean activityWanted;
    private final String layout;

    private TmuxSwarmManager(ControlModeClient client, String layout) {
        this.socket = client.socket();
        this.session = client.session();
        this.client = client;
        this.input = new PaneInput(client);
        this.registry = new PaneRegistry(client);
        this.events = new PaneEvents(listeners, registry::livePaneIds, registry::markStale, this::paneValue,
                registry::workerOfPane);
        this.runner = new PaneRunner(client, registry, events);
        client.addListener(events);
        client.command(PaneEvents.SUBSCRIBE_COMMAND);
        this.layout = layout != null ? layout : storedLayout();
    }

    public static boolean sessionExists(String socket, String session) {
        return new TmuxProcessRunner(socket).tryRun("has-session", "-t", "=" + session).exitCode() == 0;
    }

    /** Creates the session (refusing when it exists) and returns a manager connected to it. */
    public static TmuxSwarmManager create(SessionSpec spec) {
        return SessionCreator.create(spec);
    }

    /** Ends a session and everything started in it without attaching (swarm down); then the server if empty. */
    public static void stopSession(String socket, String session) {
        SessionTeardown.kill(new TmuxProcessRunner(socket), session);
    }

    /** Connects a control-mode client to an existing session. */
    public static TmuxSwarmManager connect(String socket, String session) {
        if (!sessionExists(socket, session)) {
            throw new TmuxException("no tmux session '" + session + "' on socket '" + socket
                    + "': start the swarm first (swarm up)");
        }
        return new TmuxSwarmManager(ControlModeClient.attach(socket, session), null);
    }

    /**
     * Connects to the session when it exists, with one tmux process (attaching), not two; empty when there is
     * no such session or no server. For quick read-only commands such as swarm status.
     */
    public static Optional<TmuxSwarmManager> tryConnect(String socket, String session) {
        // no socket, no server: attaching would start one (attach-session may start a server) and leave its socket
        if (!Files.exists(TmuxProcessRunner.socketFile(socket))) return Optional.empty();
        try {
            return Optional.of(new TmuxSwarmManager(ControlModeClient.attach(socket, session), null));
        } catch (TmuxException e) {
            if (sessionExists(socket, session)) throw e; // the session is there: a real failure
            return Optional.empty();
        }
    }

    static TmuxSwarmManager attachNew(String socket, String session, String layout) {
        return new TmuxSwarmManager(ControlModeClient.attach(socket, session), layout);
    }

    public String socket() {
        return socket;
    }

    public String session() {
        return session;
    }

    public ControlModeClient client() {
        return client;
    }

    /** Worker panes only, in tmux's order (the caller sorts by its rule for ids), with CPU time from /proc. */
    public List<AgentPane> panes() {
        return panes(true);
    }

    /**
     * Worker panes only, in tmux's order; without CPU (cpuMillis 0) and foreground command ("") when {@code withCpu} is
     * false, which spares reading /proc for every pane's process tree: one tmux command is all it costs.
     */
    public List<AgentPane> panes(boolean withCpu) {
        List<AgentPane> panes = new ArrayList<>();
        Map<String, String> paneOfWorker = new LinkedHashMap<>();
        String format = withCpu ? PANE_FORMAT : LEAN_PANE_FORMAT;
        for (String line : client.command("list-panes -s -t " + quote("=" + session + ":") + " -F " + quote(format))) {
            String[] f = line.split("\t", 9);
            if (f.length < 9 || f[0].isEmpty()) continue;
            long pid = parseLong(f[2]);
            String exit = PaneEvents.exitStatus(f[4], f[6]);
            // dead with neither status nor signal: tmux closed the terminal; ended once the process is gone
            boolean dead = PaneEvents.finished(f[3], exit, f[5]) || f[3].equals("1") && PaneProcess.ended(pid);
            Integer status = dead && !exit.isEmpty() ? Integer.valueOf(exit) : null;
            // a dead pane's pid may already belong to another process: no CPU to count
            long cpu = dead || !withCpu ? 0 : ProcessTreeCpu.cpuMillis(pid);
            panes.add(new AgentPane(f[0], f[1], pid, f[7], dead, status, cpu, f[8]));
            paneOfWorker.put(f[0], f[1]);
        }
        registry.listed(paneOfWorker);
        return panes;
    }

    public Optional<AgentPane> pane(String workerId) {
        return panes().stream().filter(p -> p.workerId().equals(workerId)).findFirst();
    }

    /** Adds one worker pane (a window, or a pane in the tiled window) running command (null = a shell). */
    public String addWorker(String workerId, List<String> command) {
        if (registry.hasFresh(workerId)) {
            throw new IllegalArgumentException("worker '" + workerId + "' already has a pane in tmux session '"
                    + session + "'");
        }
        return addWorkers(List.of(workerId), command).get(0);
    }

    List<String> addWorkers(List<String> workerIds, List<String> command) {
        List<String> paneIds = layout.equals(SessionSpec.LAYOUT_TILED) ? newTiledPanes(workerIds.size())
                : newWindows(workerIds);
        List<String> setup = new ArrayList<>();
        for (int i = 0; i < workerIds.size(); i++) {
            String pane = paneIds.get(i);
            events.expectStart(pane, workerIds.get(i));
            setup.add("set-option -p -t " + pane + " remain-on-exit on");
            setup.add("set-option -p -t " + pane + " " + WORKER_OPTION + " " + quote(workerIds.get(i)));
            if (command != null && !command.isEmpty()) {
                setup.addAll(runner.respawnLines(pane, argv(command)));
            }
        }
        awaitAll(setup);
        for (int i = 0; i < workerIds.size(); i++) registry.add(workerIds.get(i), paneIds.get(i));
        return paneIds;
    }

    private List<String> newWindows(List<String> workerIds) {
        List<String> lines = new ArrayList<>();
        for (String id : workerIds) {
            lines.add("new-window -d -P -F '#{pane_id}' -t " + quote("=" + session + ":") + " -n " + quote(id) + " "
                    + argv(SessionSpec.QUIET_SHELL));
        }
        return awaitAll(lines).stream().map(reply -> reply.get(0)).toList();
    }

    private List<String> newTiledPanes(int count) {
        List<String> panes = new ArrayList<>();
        if (count == 0) return panes;
        String first;
        try {
            first = client.command("list-panes -t " + quote("=" + session + ":" + TILED_WINDOW) + " -F '#{pane_id}'")
                    .get(0);
        } catch (TmuxException e) {
            first = client.command("new-window -d -P -F '#{pane_id}' -t " + quote("=" + session + ":") + " -n "
                    + TILED_WINDOW + " " + argv(SessionSpec.QUIET_SHELL)).get(0);
            panes.add(first);
        }
        List<String> lines = new ArrayList<>();
        for (int i = panes.size(); i < count; i++) {
            lines.add("split-window -d -P -F '#{pane_id}' -t " + first + " " + argv(SessionSpec.QUIET_SHELL));
            lines.add("select-layout -t " + first + " tiled");
        }
        try {
            List<List<String>> replies = awaitAll(lines);
            for (int i = 0; i < replies.size(); i += 2) panes.add(replies.get(i).get(0));
        } catch (TmuxException e) {
            throw new TmuxException(e.getMessage() + " (too many workers for one tiled window: use --layout windows)", e);
        }
        return panes;
    }

    /**
     * Restarts a worker's pane with {@code command} (killing what runs there) on a clean screen and history: what a
     * person does with `swarm restart` when the pane's agent died or hangs.
     */
    public void respawnWorker(String workerId, List<String> command) {
        registry.withPane(workerId, pane -> {
            events.expectStart(pane, workerId);
            List<String> lines = new ArrayList<>(respawnLines(pane, argv(command)));
            lines.add("clear-history -t " + pane);
            awaitAll(lines);
            return null;
        });
    }

    /**
     * Removes a worker's pane (`swarm scale` down): what runs there is hung up, as when a person closes its window;
     * a window left without panes closes with it. Once in five runs of MixedSwarmIT (before this pause) tmux 3.3a's
     * server ended while a master with %output on killed a pane that had printed.
     */
    public void removeWorker(String workerId) {
        registry.withPane(workerId, pane -> {
            // as around a respawn (PaneRunner.respawnLines): a client behind on the pane's output is paused first
            if (client.isOutputEnabled()) client.command("refresh-client -A " + quote(pane + ":pause"));
            client.command("kill-pane -t " + pane);
            return null;
        });
        registry.markStale();
    }

    /** Text byte for byte, then Enter as a key. */
    public void sendToAgent(String workerId, String text) {
        registry.withPane(workerId, pane -> {
            input.send(pane, text, true);
            return null;
        });
    }

    /** Text byte for byte, no Enter. */
    public void sendText(String workerId, String text) {
        registry.withPane(workerId, pane -> {
            input.send(pane, text, false);
            return null;
        });
    }

    /** One tmux key: "Enter", "Escape", "C-c", "y", ... */
    public void sendKey(String workerId, String key) {
        registry.withPane(workerId, pane -> {
            input.key(pane, key);
            return null;
        });
    }

    /** The last {@code lines} lines of the pane's history and screen, trailing blank lines removed. */
    public String capture(String workerId, int lines) {
        checkLines(lines);
        return registry.withPane(workerId, pane -> lastLines(client.command(captureCommand(pane, lines)), lines));
    }

    /** Captures every worker pane in one round trip (all capture-pane commands written at once). */
    public Map<String, String> captureAll(int lines) {
        return captureAll(null, lines);
    }

    /**
     * Captures the given worker panes (null = all) in one round trip; workers without a pane are left out.
     */
    public Map<String, String> captureAll(Collection<String> workerIds, int lines) {
        checkLines(lines);
        Map<String, String> paneOf = registry.panesOf(workerIds);
        List<String> workers = new ArrayList<>(paneOf.keySet());
        if (workers.isEmpty()) return Map.of();
        List<String> commands = new ArrayList<>(workers.size());
        for (String w : workers) commands.add(captureCommand(paneOf.get(w), lines));
        List<CompletableFuture<List<String>>> replies = client.pipeline(commands);
        Map<String, String> screens = new LinkedHashMap<>();
        for (int i = 0; i < workers.size(); i++) {
            try {
                screens.put(workers.get(i), lastLines(ControlModeClient.await(replies.get(i), commands.get(i)), lines));
            } catch (TmuxException e) {
                if (!client.isOpen()) throw e;
                registry.markStale(); // that pane went away meanwhile: leave it out
            }
        }
        return screens;
    }

    /**
     * Exec worker: restarts the worker's pane with {@code sh -c shellCommand} (killing what ran there) and
     * appends the pane's output to outputLog through pipe-pane. Returns at once; the end arrives as
     * paneExited and {@link #pane(String)} then shows the exit status. The pane starts on a clean screen and
     * history (the last task's output is in its log). The pane keeps a terminal, so a
     * person (or the rescuer) can still type into it. No JVM is started.
     */
    public void runInPane(String workerId, String shellCommand, Path outputLog) {
        RuntimeException failed = runInPanes(Map.of(workerId, new PaneRun(shellCommand, outputLog))).get(workerId);
        if (failed != null) throw failed;
    }

    /**
     * {@link #runInPane} for several workers in one tmux round trip (a master's round starts all its tasks at
     * once). Returns the failures by worker; the other panes run. A failure is a {@link PaneNotStartedException}
     * only when the pane was certainly not restarted (no such pane, or tmux refused the respawn); any other failure
     * (no answer in time, the client gone) leaves it unknown, and {@link #respawnPending} says while tmux may still
     * carry out a respawn it did not answer. Once the respawn is done the run counts as started: a failing output
     * pipe is no reason to undo it.
     */
    public Map<String, RuntimeException> runInPanes(Map<String, PaneRun> runs) {
        return runner.runInPanes(runs);
    }

    /**
     * True while a respawn sent to this worker's pane got no answer yet: tmux may still carry it out, so the run it
     * was for must be taken as possibly started.
     */
    public boolean respawnPending(String workerId) {
        return runner.respawnPending(workerId);
    }

    /** The lines that restart a pane with {@code command} (tmux-quoted), killing what runs there. */
    public List<String> respawnLines(String pane, String command) {
        return runner.respawnLines(pane, command);
    }


    /** Adds a listener for pane exits and the session's end. */
    public void addListener(TmuxListener listener) {
        addListener(listener, PaneOutput.NONE);
    }

    /** Adds a listener; pane output is switched on as far as it {@code wants} (decoded only for {@link PaneOutput#TEXT}). */
    public void addListener(TmuxListener listener, PaneOutput wants) {
        listeners.add(listener);
        boolean text = wants == PaneOutput.TEXT;
        boolean printed = wants == PaneOutput.PRINTED;
        if (text && !outputWanted || printed && !activityWanted) {
            outputWanted |= text;
            activityWanted |= printed;
            client.setOutputDecoded(outputWanted);
            client.setOutputEnabled(true);
        }
    }


    /** Ends the session and every process started in it (see {@code swarm down}), then closes the client. */
    public void killSession() {
        events.closing();
        try {
            SessionTeardown.kill(new TmuxProcessRunner(socket), session);
        } finally {
            close();
        }
    }

    /** Detaches: the control client's process ends; the session keeps running. */
    @Override
    public void close() {
        events.closing();
        client.close();
        input.close();
    }


    /** "pid dead status signal" of one pane, or null when it is gone. */
    private String paneValue(String paneId) {
        try {
            List<String> lines = client.command("display-message -p -t " + paneId + " " + quote(PaneEvents.STATE_FORMAT));
            return lines.isEmpty() ? null : lines.get(0);
        } catch (TmuxException e) {
            if (!client.isOpen()) throw e;
            return null;
        }
    }

    private String storedLayout() {
        try {
            List<String> value = client.command("show-options -v -t " + quote("=" + session + ":") + " " + LAYOUT_OPTION);
            return value.isEmpty() || value.get(0).isBlank() ? SessionSpec.LAYOUT_WINDOWS : value.get(0).trim();
        } catch (TmuxException e) {
            return SessionSpec.LAYOUT_WINDOWS; // not set: a session not made by swarm up
        }
    }

    List<List<String>> awaitAll(List<String> commands) {
        List<CompletableFuture<List<String>>> replies = client.pipeline(commands);
        List<List<String>> results = new ArrayList<>(replies.size());
        TmuxException first = null;
        for (int i = 0; i < replies.size(); i++) {
            try {
                results.add(ControlModeClient.await(replies.get(i), commands.get(i)));
            } catch (TmuxException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
        return results;
    }

    static String argv(List<String> command) {
        StringBuilder out = new StringBuilder();
        for (String arg : command) {
            if (out.length() > 0) out.append(' ');
            out.append(quote(arg));
        }
        return out.toString();
    }

    private static String captureCommand(String pane, int lines) {
        return "capture-pane -p -t " + pane + " -S -" + lines;
    }

    static String lastLines(List<String> captured, int lines) {
        int end = captured.size();
        while (end > 0 && captured.get(end - 1).isBlank()) end--;
        int start = Math.max(0, end - lines);
        return String.join("\n", captured.subList(start, end));
    }

    private static void checkLines(int lines) {
        if (lines <= 0) throw new IllegalArgumentException("lines to capture must be positive, got " + lines);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
