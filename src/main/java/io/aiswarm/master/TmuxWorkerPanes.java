package io.aiswarm.master;

import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.PaneRun;
import io.aiswarm.tmux.TmuxListener;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Path;
import java.util.Collection;
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
        return tmux.panes();
    }

    @Override
    public List<AgentPane> panes(boolean withCpu) {
        return tmux.panes(withCpu);
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
    public void addListener(TmuxListener listener) {
        tmux.addListener(listener);
    }
}
