package io.aiswarm.agent;

import io.aiswarm.master.PaneTerminal;

/** Passes everything to another terminal; tests override one method to inject a fault. */
class ForwardingTerminal implements PaneTerminal {
    private final PaneTerminal inner;

    ForwardingTerminal(PaneTerminal inner) {
        this.inner = inner;
    }

    @Override
    public String capture(String w) {
        return inner.capture(w);
    }

    @Override
    public void sendText(String w, String text) {
        inner.sendText(w, text);
    }

    @Override
    public void sendKey(String w, String key) {
        inner.sendKey(w, key);
    }

    @Override
    public void paste(String w, String text) {
        inner.paste(w, text);
    }
}
