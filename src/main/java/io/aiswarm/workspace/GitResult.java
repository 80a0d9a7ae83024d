package io.aiswarm.workspace;

/** What one git command printed and how it ended. */
public record GitResult(int exit, String out, String err) {
    public boolean ok() {
        return exit == 0;
    }

    /** Standard output without its trailing newline(s). */
    public String text() {
        return out.stripTrailing();
    }
}
