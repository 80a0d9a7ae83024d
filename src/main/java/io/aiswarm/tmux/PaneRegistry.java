package io.aiswarm.tmux;

import static io.aiswarm.tmux.TmuxQuoting.quote;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which pane each worker has: worker ids map to pane ids through the {@code @swarm_worker} tag (never by position),
 * listed from tmux when first needed or when marked stale (a pane went away) and kept between commands.
 */
final class PaneRegistry {
    private final ControlModeClient client;
    private final String socket;
    private final String session;
    private final Map<String, String> workerPanes = new ConcurrentHashMap<>();
    private volatile boolean stale = true;

    PaneRegistry(ControlModeClient client) {
        this.client = client;
        this.socket = client.socket();
        this.session = client.session();
    }

    /** A pane may have gone: the next look-up lists them again. */
    void markStale() {
        stale = true;
    }

    /** What a full listing of the worker panes found (the panes and their ids, nothing else). */
    void listed(Map<String, String> paneOfWorker) {
        stale = false;
        workerPanes.putAll(paneOfWorker);
        workerPanes.keySet().retainAll(paneOfWorker.keySet());
    }

    void add(String workerId, String paneId) {
        workerPanes.put(workerId, paneId);
    }

    /** Whether the worker has a pane, as tmux lists them now. */
    boolean hasFresh(String workerId) {
        refresh();
        return workerPanes.containsKey(workerId);
    }

    /** The panes of these workers (null = all) that have one, by worker. */
    Map<String, String> panesOf(Collection<String> workerIds) {
        if (stale || workerPanes.isEmpty()) refresh();
        Map<String, String> panes = new LinkedHashMap<>(workerPanes);
        if (workerIds != null) panes.keySet().retainAll(workerIds);
        return panes;
    }

    /** The worker whose pane this is, as last listed; null for other panes (the master's window). */
    String workerOfPane(String paneId) {
        for (Map.Entry<String, String> e : workerPanes.entrySet()) {
            if (e.getValue().equals(paneId)) return e.getKey();
        }
        return null;
    }

    <T> T withPane(String workerId, Function<String, T> action) {
        try {
            return action.apply(paneId(workerId));
        } catch (TmuxException e) {
            if (!client.isOpen() || !String.valueOf(e.getMessage()).contains("can't find pane")) throw e;
            refresh();
            return action.apply(paneId(workerId));
        }
    }

    String paneId(String workerId) {
        String pane = stale ? null : workerPanes.get(workerId);
        if (pane == null) {
            refresh();
            pane = workerPanes.get(workerId);
        }
        if (pane == null) {
            throw new TmuxException("no worker pane '" + workerId + "' in tmux session '" + session + "' (socket '"
                    + socket + "')");
        }
        return pane;
    }

    void refresh() {
        stale = false;
        Map<String, String> fresh = new LinkedHashMap<>();
        for (String line : client.command("list-panes -s -t " + quote("=" + session + ":")
                + " -F '#{@swarm_worker}\t#{pane_id}'")) {
            String[] f = line.split("\t", 2);
            if (f.length == 2 && !f[0].isEmpty()) fresh.put(f[0], f[1]);
        }
        workerPanes.putAll(fresh);
        workerPanes.keySet().retainAll(fresh.keySet());
    }

    /** Every pane of the session (the master's window too). */
    Set<String> livePaneIds() {
        return new HashSet<>(client.command("list-panes -s -t " + quote("=" + session + ":") + " -F '#{pane_id}'"));
    }
}
