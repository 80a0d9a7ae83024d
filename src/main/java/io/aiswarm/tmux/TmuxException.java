package io.aiswarm.tmux;

/** tmux is missing, a tmux command failed, or the server/session went away; the message says which. */
public class TmuxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TmuxException(String message) {
        super(message);
    }

    public TmuxException(String message, Throwable cause) {
        super(message, cause);
    }
}
