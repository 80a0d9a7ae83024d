package io.aiswarm.master;

/**
 * A delivery that failed in a way that leaves it unknown whether the task started (tmux did not answer the respawn,
 * or the connection to it broke). Such a task is never put back as if it had not run: it stays assigned, and
 * recovery decides once the pane shows what happened (counting the attempt).
 */
public final class DeliveryUncertainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeliveryUncertainException(String message, Throwable cause) {
        super(message, cause);
    }
}
