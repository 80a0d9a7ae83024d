package io.aiswarm.tmux;

/** tmux read the command and answered with an error: it did not carry it out. */
public final class TmuxRefusedException extends TmuxException {
    private static final long serialVersionUID = 1L;

    public TmuxRefusedException(String message) {
        super(message);
    }
}
