package io.aiswarm.stores;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.file.FileMasterLeases;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.state.file.FileWorkerClaims;
import io.aiswarm.state.file.FileWorkerInbox;
import io.aiswarm.state.pg.PgMachineStore;
import io.aiswarm.state.pg.PgSettings;
import io.aiswarm.state.pg.PgSwarmStore;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Opens the store a configuration names: PostgreSQL when {@code AI_SWARM_STORE} is a {@code postgresql://} or
 * {@code jdbc:postgresql://} URL, else the file store in the cluster's swarm directory. The one class that knows
 * every implementation, so that nothing else does.
 */
public final class SwarmStores {
    public static final String ENV_STORE = PgSettings.ENV_STORE;

    private SwarmStores() {
    }

    /** The store as a person's commands use it (add, list, cancel, status), from any machine. */
    public static SwarmStore open(SwarmConfig config, Clock clock) {
        if (isShared(config)) return PgSwarmStore.open(config, clock);
        return FileSwarmStore.open(config, clock);
    }

    /**
     * The store as this machine's master uses it: with PostgreSQL, the machine's view (its claims, fenced writes, its
     * inbox, its panes' worker claims as files); {@code log} hears what the store decides on its own (refused late
     * writes, recoveries, outages).
     */
    public static SwarmStore openMaster(SwarmConfig config, Clock clock, Consumer<String> log) {
        if (isShared(config)) {
            return PgMachineStore.open(config, clock, log, FileWorkerInbox.of(config.paths()),
                    new FileMasterLeases(config.paths().masterLock()),
                    new FileWorkerClaims(config.paths().claimsDir()));
        }
        return FileSwarmStore.open(config, clock);
    }

    /**
     * True when the configuration names a store shared by several machines (PostgreSQL); false for the file store
     * (unset, or {@code file}). Anything else is refused, naming only its scheme (a URL may hold a password).
     */
    public static boolean isShared(SwarmConfig config) {
        String value = config.setting(ENV_STORE).trim();
        if (value.isEmpty() || value.equals("file")) return false;
        if (PgSettings.configured(config.env())) return true;
        String scheme = value.contains(":") ? value.substring(0, value.indexOf(':')) : "(none)";
        throw new IllegalArgumentException(ENV_STORE + " names a store of scheme '" + scheme + "', which this version"
                + " does not know: unset it (or set it to 'file') for the swarm directory, or give"
                + " postgresql://USER@HOST:PORT/DATABASE (or jdbc:postgresql://...) to share one queue between machines");
    }
}
