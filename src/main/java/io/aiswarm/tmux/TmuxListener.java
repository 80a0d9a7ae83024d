package io.aiswarm.tmux;

/**
 * Pane and session events from the control-mode client, delivered on its event thread in order
 * (a pane whose exit status tmux is late to report may be confirmed from a short re-check thread).
 * Events come from tmux notifications, not from polling; keep handlers short.
 */
public interface TmuxListener {
    /** A worker pane's process ended (the pane remains, dead) or the pane itself went away. */
    default void paneExited(String workerId, String paneId) {
    }

    /** The session or the tmux server went away (not called after our own close()). */
    default void sessionClosed() {
    }

    /**
     * A worker pane printed something: no text, so it stays cheap for panes that print a lot; bursts
     * coalesce. Only delivered to a listener added with {@link PaneOutput#PRINTED}. The master's window never reports.
     */
    default void printed(String workerId, String paneId) {
    }

    /** Text a pane printed; only delivered to a listener added with {@link PaneOutput#TEXT} (output costs CPU). */
    default void output(String paneId, String text) {
    }
}
