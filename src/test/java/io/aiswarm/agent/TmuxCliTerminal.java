package io.aiswarm.agent;

import io.aiswarm.master.PaneTerminal;
import io.aiswarm.testing.TmuxServer;

/** {@link PaneTerminal} over the tmux CLI of a private test server (a process per command is fine in tests). */
class TmuxCliTerminal implements PaneTerminal {
    private final TmuxServer tmux;

    TmuxCliTerminal(TmuxServer tmux) {
        this.tmux = tmux;
    }

    @Override
    public String capture(String target) {
        return tmux.run("capture-pane", "-p", "-t", target);
    }

    @Override
    public void sendText(String target, String text) {
        tmux.run("send-keys", "-t", target, "-l", "--", text);
    }

    @Override
    public void sendKey(String target, String key) {
        tmux.run("send-keys", "-t", target, key);
    }

    @Override
    public void paste(String target, String text) {
        tmux.run("set-buffer", "-b", "swarm-prompt", "--", text);
        tmux.run("paste-buffer", "-p", "-d", "-b", "swarm-prompt", "-t", target);
    }
}
