package io.aiswarm.state.pg;

import io.aiswarm.state.SwarmStateException;

/**
 * A write about a task presented a claim token (fence) that is no longer the task's current claim: the claim expired
 * and the task was recovered, finished, or claimed by someone else since. The write was refused and nothing changed;
 * the writer must leave the task alone.
 */
public final class StaleClaimException extends SwarmStateException {
    public StaleClaimException(String message) {
        super(message);
    }
}
