package io.aiswarm.tmux;

/** Pane and session events from the control-mode client. */
public interface TmuxListener {
    default void paneExited(String workerId, String paneId) {
    }

    default void sessionClosed() {
    }

    default void output(String paneId, String text) {
    }
}
