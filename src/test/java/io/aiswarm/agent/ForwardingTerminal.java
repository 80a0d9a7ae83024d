package io.aiswarm.agent;

/** Passes everything to another terminal; tests override one method to inject a fault. */
class ForwardingTerminal implements AgentTerminal {
    private final AgentTerminal inner;

    ForwardingTerminal(AgentTerminal inner) {
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
