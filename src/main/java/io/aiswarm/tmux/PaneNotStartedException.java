package io.aiswarm.tmux;

/**
 * The pane was certainly not restarted for this run: tmux refused the respawn (or it was never sent). Any other
 * failure of a run leaves it unknown whether the pane's new process started.
 */
public final class PaneNotStartedException extends TmuxException {
    private static final long serialVersionUID = 1L;

    public PaneNotStartedException(String message, Throwable cause) {
        super(message, cause);
    }
}
