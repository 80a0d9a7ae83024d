package io.aiswarm.state.pg;

import io.aiswarm.state.SwarmStateException;

/**
 * The database cannot be reached now (refused, lost, restarting, too many connections). Transient: whatever was not
 * acknowledged may or may not have happened, so a caller retries later with backoff and reconciles once it is back.
 */
public final class StoreUnavailableException extends SwarmStateException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
