package io.aiswarm.tmux;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Turns control-mode notifications into {@link TmuxListener} events. A control-client subscription
 * ({@code refresh-client -B}) reports each pane's "pid dead status worker" whenever it changes: a pane
 * that turns dead, or that shows a new pid already dead (a short task ended between two reports),
 * has exited. Window/layout notifications tell that panes may be gone; then one list-panes says which.
 * Runs on the client's event thread.
 */
final class PaneEvents implements ControlListener {
    static final String SUBSCRIPTION = "swarm-panes";
    static final String SUBSCRIBE_COMMAND = "refresh-client -B "
            + TmuxQuoting.quote(SUBSCRIPTION + ":%*:#{pane_pid} #{pane_dead} #{pane_dead_status} #{@swarm_worker}");

    private final List<TmuxListener> listeners;
    private final Supplier<Set<String>> livePaneIds;
    private final Runnable panesChanged;
    private final Map<String, Seen> panes = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /**
     * @param livePaneIds  lists the session's pane ids now (one tmux command)
     * @param panesChanged called when windows or panes came or went (the worker-to-pane map is stale)
     */
    PaneEvents(List<TmuxListener> listeners, Supplier<Set<String>> livePaneIds, Runnable panesChanged) {
        this.listeners = listeners;
        this.livePaneIds = livePaneIds;
        this.panesChanged = panesChanged;
    }

    /** A pane is about to (re)start a process: its next dead report is an exit even if it is the first we see. */
    void expectStart(String paneId, String workerId) {
        Seen before = panes.get(paneId);
        panes.put(paneId, new Seen(workerId, before == null ? -1 : before.pid, false));
    }

    void closing() {
        closing = true;
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
        String[] value = line.substring(colon + 3).split(" ", 4);
        if (value.length < 4 || value[3].isEmpty()) return; // not a worker pane
        long pid;
        try {
            pid = Long.parseLong(value[0]);
        } catch (NumberFormatException e) {
            return;
        }
        boolean dead = value[1].equals("1");
        String worker = value[3];
        Seen before = panes.put(paneId, new Seen(worker, pid, dead));
        if (dead && before != null && (!before.dead || before.pid != pid)) {
            fireExited(worker, paneId);
        }
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
        for (TmuxListener l : listeners) l.paneExited(worker, paneId);
    }

    @Override
    public void output(String paneId, String text) {
        for (TmuxListener l : listeners) l.output(paneId, text);
    }

    @Override
    public void closed(String reason) {
        if (closing) return;
        for (TmuxListener l : listeners) l.sessionClosed();
    }

    private record Seen(String worker, long pid, boolean dead) {
    }
}
