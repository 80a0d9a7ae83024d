package io.aiswarm.stores;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.file.FileSwarmStore;
import java.time.Clock;

/**
 * Opens the store a configuration names. Today that is the file store in the cluster's swarm directory; the
 * PostgreSQL store ({@code io.aiswarm.state.pg}) passes the same contracts and is wired in here when it is configured.
 * The one class that knows every implementation, so that nothing else does.
 */
public final class SwarmStores {
    private SwarmStores() {
    }

    public static SwarmStore open(SwarmConfig config, Clock clock) {
        return FileSwarmStore.open(config, clock);
    }
}
