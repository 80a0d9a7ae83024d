package io.aiswarm.master;

import io.aiswarm.state.SwarmStateException;

/** Another master holds the cluster's master lease and this one was told not to wait (no standby). */
public final class MasterActiveException extends SwarmStateException {
    public MasterActiveException(String message) {
        super(message);
    }
}
