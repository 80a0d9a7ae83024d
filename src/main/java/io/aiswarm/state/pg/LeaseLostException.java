package io.aiswarm.state.pg;

import io.aiswarm.state.SwarmStateException;

/**
 * A lease (a machine's master lease or the cluster leader's) presented by a write is no longer held: it expired or
 * another process took it over. The write was refused and nothing changed; the holder must stop acting on it and
 * acquire the lease again (as a new epoch).
 */
public final class LeaseLostException extends SwarmStateException {
    public LeaseLostException(String message) {
        super(message);
    }
}
