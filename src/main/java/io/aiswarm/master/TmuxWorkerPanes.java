package io.aiswarm.master;

import io.aiswarm.state.WorkerIds;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.PaneOutput;
import io.aiswarm.tmux.PaneRun;
import io.aiswarm.tmux.TmuxListener;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The workers of a tmux session, through the tmux layer's control-mode client. */
public final class TmuxWorkerPanes implements WorkerPanes {
    private final TmuxSwarmManager tmux;

    public TmuxWorkerPanes(TmuxSwarmManager tmux) {
        this.tmux = tmux;
    }

    @Override
    public List<AgentPane> panes() {
        return panes(true);
    }

    /** Sorted by worker id, worker-2 before worker-10. */
    @Override
    public List<AgentPane> panes(boolean withCpu) {
        List<AgentPane> panes = new ArrayList<>(tmux.panes(withCpu));
        panes.sort(Comparator.comparing(AgentPane::workerId, WorkerIds.ORDER));
        return panes;
    }

    /** One pane's screen; a worker without a pane is an error naming it. */
    @Override
    public String capture(String workerId) {
        return tmux.capture(workerId, SCREEN_LINES);
    }

    @Override
    public Map<String, String> captureAll(int lines) {
        return tmux.captureAll(lines);
    }

    @Override
    public Map<String, String> capture(Collection<String> workers, int lines) {
        return tmux.captureAll(workers, lines);
    }

    @Override
    public void runInPane(String workerId, String shellCommand, Path outputLog) {
        tmux.runInPane(workerId, shellCommand, outputLog);
    }

    @Override
    public Map<String, RuntimeException> runInPanes(Map<String, PaneRun> runs) {
        return tmux.runInPanes(runs);
    }

    @Override
    public boolean respawnPending(String workerId) {
        return tmux.respawnPending(workerId);
    }

    @Override
    public void sendKey(String workerId, String key) {
        tmux.sendKey(workerId, key);
    }

    @Override
    public void sendText(String workerId, String text) {
        tmux.sendText(workerId, text);
    }

    @Override
    public void addListener(TmuxListener listener, PaneOutput wants) {
        tmux.addListener(listener, wants);
    }
}
