package io.aiswarm.tmux;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns control-mode notifications into {@link TmuxListener} events. A control-client subscription
 * ({@code refresh-client -B}) reports each pane's "pid dead status signal worker" whenever it changes: a pane
 * that turns dead, or that shows a new pid already dead (a short task ended between two reports),
 * has exited. Window/layout notifications tell that panes may be gone; then one list-panes says which.
 * tmux 3.3 can show a pane dead (its terminal closed) and never report the exit status; such a pane is
 * looked at again once a second for a few seconds, and counts as exited once its process is gone.
 * Runs on the client's event thread (re-checks on their own thread).
 */
final class PaneEvents implements ControlListener {
    static final String SUBSCRIPTION = "swarm-panes";
    /** "pid dead status signal recorded": tmux's status, or else the one the runInPane wrapper recorded. */
    static final String STATE_FORMAT = "#{pane_pid} #{pane_dead} #{pane_dead_status} #{pane_dead_signal} #{"
            + TmuxSwarmManager.EXIT_OPTION + "}";
    static final String SUBSCRIBE_COMMAND = "refresh-client -B "
            + TmuxQuoting.quote(SUBSCRIPTION + ":%*:" + STATE_FORMAT + " #{@swarm_worker}");

    private final List<TmuxListener> listeners;
    private final Supplier<Set<String>> livePaneIds;
    private final Runnable panesChanged;
    private final Function<String, String> paneValue;
    private final Function<String, String> workerOfPane;
    private final Map<String, Seen> panes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService recheck = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tmux-pane-recheck");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;
    static final int RECHECKS = 10;
    static final Duration RECHECK_EVERY = Duration.ofSeconds(1);
    private final Duration recheckEvery;

    /**
     * @param livePaneIds  lists the session's pane ids now (one tmux command)
     * @param panesChanged called when windows or panes came or went (the worker-to-pane map is stale)
     * @param paneValue    a pane's "pid dead status signal" now (one tmux command), null when it is gone
     * @param workerOfPane the worker of a pane id as last listed, null for a pane that is no worker's
     */
    PaneEvents(List<TmuxListener> listeners, Supplier<Set<String>> livePaneIds, Runnable panesChanged,
               Function<String, String> paneValue, Function<String, String> workerOfPane) {
        this(listeners, livePaneIds, panesChanged, paneValue, workerOfPane, RECHECK_EVERY);
    }

    /** @param recheckEvery how long after a dead report without status a pane is looked at again (tests: short) */
    PaneEvents(List<TmuxListener> listeners, Supplier<Set<String>> livePaneIds, Runnable panesChanged,
               Function<String, String> paneValue, Function<String, String> workerOfPane, Duration recheckEvery) {
        this.recheckEvery = recheckEvery;
        this.listeners = listeners;
        this.workerOfPane = workerOfPane;
        this.livePaneIds = livePaneIds;
        this.panesChanged = panesChanged;
        this.paneValue = paneValue;
    }

    /** A pane is about to (re)start a process: its next dead report is an exit even if it is the first we see. */
    void expectStart(String paneId, String workerId) {
        Seen before = panes.get(paneId);
        panes.put(paneId, new Seen(workerId, before == null ? -1 : before.pid, false));
    }

    void closing() {
        closing = true;
        recheck.shutdownNow();
    }

    @Override
    public void notification(String line) {
        if (line.startsWith("%subscription-changed " + SUBSCRIPTION + " ")) {
            subscription(line);
        } else if (line.startsWith("%window-close ") || line.startsWith("%unlinked-window-close ")
                || line.startsWith("%layout-change ")) {
            panesChanged.run();
            reportGone();
        } else if (line.startsWith("%window-add ") || line.startsWith("%unlinked-window-add ")) {
            panesChanged.run();
        }
    }

    private void subscription(String line) {
        // %subscription-changed NAME $S @W INDEX %P [more] : VALUE
        int colon = line.indexOf(" : ");
        if (colon < 0) return;
        String[] head = line.substring(0, colon).split(" ");
        if (head.length < 6) return;
        String paneId = head[5];
        String[] value = line.substring(colon + 3).split(" ", 6);
        if (value.length < 6 || value[5].isEmpty()) return; // not a worker pane
        long pid;
        try {
            pid = Long.parseLong(value[0]);
        } catch (NumberFormatException e) {
            return;
        }
        String worker = value[5];
        boolean dead = finished(value[1], exitStatus(value[2], value[4]), value[3]);
        if (!dead && value[1].equals("1")) {
            dead = PaneProcess.ended(pid);
            if (!dead) scheduleRecheck(paneId, worker, pid, RECHECKS);
        }
        update(paneId, worker, pid, dead);
    }

    private void update(String paneId, String worker, long pid, boolean dead) {
        Seen before = panes.put(paneId, new Seen(worker, pid, dead));
        if (dead && before != null && (!before.dead || before.pid != pid)) {
            fireExited(worker, paneId);
        }
    }

    private void scheduleRecheck(String paneId, String worker, long pid, int left) {
        if (closing) return;
        try {
            recheck.schedule(() -> recheck(paneId, worker, pid, left), recheckEvery.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void recheck(String paneId, String worker, long pid, int left) {
        Seen seen = panes.get(paneId);
        if (closing || seen == null || seen.pid != pid || seen.dead) return; // reported, restarted or gone
        String value;
        try {
            value = paneValue.apply(paneId);
        } catch (TmuxException e) {
            return;
        }
        if (value == null) return;
        String[] v = value.split(" ", 5);
        if (v.length < 5 || !v[0].equals(Long.toString(pid))) return;
        if (!v[1].equals("1")) return;
        if (finished(v[1], exitStatus(v[2], v[4]), v[3]) || PaneProcess.ended(pid) || left <= 1) {
            update(paneId, worker, pid, true);
        } else {
            scheduleRecheck(paneId, worker, pid, left - 1);
        }
    }

    /**
     * tmux shows a pane dead as soon as its terminal closed, a moment before it reaped the process;
     * it has ended only once tmux knows its exit status or the signal that killed it.
     */
    static String exitStatus(String tmuxStatus, String recorded) {
        return tmuxStatus.isEmpty() ? recorded : tmuxStatus;
    }

    static boolean finished(String dead, String status, String signal) {
        return dead.equals("1") && (!status.isEmpty() || !signal.isEmpty());
    }

    private void reportGone() {
        Set<String> live;
        try {
            live = livePaneIds.get();
        } catch (TmuxException e) {
            return; // the session is going away: sessionClosed follows
        }
        for (Map.Entry<String, Seen> e : panes.entrySet()) {
            if (!live.contains(e.getKey()) && panes.remove(e.getKey()) != null) {
                fireExited(e.getValue().worker, e.getKey());
            }
        }
    }

    private void fireExited(String worker, String paneId) {
        each(l -> l.paneExited(worker, paneId));
    }

    /** Worker panes only: a pane without a worker tag (the master's window) says nothing. */
    @Override
    public void activity(String paneId) {
        Seen seen = panes.get(paneId);
        String worker = seen != null ? seen.worker : workerOfPane.apply(paneId);
        if (worker != null) each(l -> l.printed(worker, paneId));
    }

    @Override
    public void output(String paneId, String text) {
        each(l -> l.output(paneId, text));
    }

    @Override
    public void closed(String reason) {
        if (!closing) each(TmuxListener::sessionClosed);
    }

    /** Calls every listener; one that throws does not keep the event from the others. */
    private void each(Consumer<TmuxListener> call) {
        for (TmuxListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                System.err.println("swarm: a tmux listener failed: " + e);
            }
        }
    }

    private record Seen(String worker, long pid, boolean dead) {
    }
}
