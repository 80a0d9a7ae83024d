package io.aiswarm.tmux;

/** What a {@link ControlModeClient} reports, on its event thread (never on the reader thread). */
public interface ControlListener {
    /** A notification line other than %output, e.g. "%window-close @3" or "%subscription-changed ...". */
    default void notification(String line) {
    }

    /** Decoded pane output; only delivered after {@link ControlModeClient#setOutputEnabled(boolean)}. */
    default void output(String paneId, String text) {
    }

    /**
     * The pane printed something (the text is not needed to know that). Bursts coalesce: while a call for
     * the pane is queued, more output adds none. Delivered whenever output is enabled, decoded or not.
     */
    default void activity(String paneId) {
    }

    /** The client ended: session or server gone, or closed; reason says which. Called once. */
    default void closed(String reason) {
    }
}
