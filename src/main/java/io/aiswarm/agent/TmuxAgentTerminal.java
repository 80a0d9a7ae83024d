package io.aiswarm.agent;

import io.aiswarm.tmux.TmuxSwarmManager;

/**
 * {@link AgentTerminal} over the swarm's control-mode tmux client. Long or multi-line text goes in as a bracketed
 * paste: the tmux layer switches to {@code paste-buffer -p} by itself for text it cannot type.
 */
public final class TmuxAgentTerminal implements AgentTerminal {
    /** Enough for the bottom region the screen rules read (at most a screenful of non-blank lines). */
    static final int CAPTURE_LINES = 80;
    private final TmuxSwarmManager tmux;

    public TmuxAgentTerminal(TmuxSwarmManager tmux) {
        this.tmux = tmux;
    }

    @Override
    public String capture(String workerId) {
        return tmux.capture(workerId, CAPTURE_LINES);
    }

    @Override
    public void sendText(String workerId, String text) {
        tmux.sendText(workerId, text);
    }

    @Override
    public void sendKey(String workerId, String key) {
        tmux.sendKey(workerId, key);
    }

    @Override
    public void paste(String workerId, String text) {
        tmux.sendText(workerId, text);
    }

    @Override
    public boolean alive(String workerId) {
        return tmux.pane(workerId).map(p -> !p.dead()).orElse(false);
    }
}
