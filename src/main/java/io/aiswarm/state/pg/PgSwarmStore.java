package io.aiswarm.state.pg;

import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.StatusLog;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.WorkerClaims;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The PostgreSQL store as a person's commands see it (`swarm task add`, `status`, `send`, from any machine): the whole
 * queue, unfenced (a person's cancel ends a claim, voiding its token), this machine's status stream, its master lease
 * (for who holds it) and the change signals. A machine's master uses {@link PgMachineStore} instead, which sees and
 * writes only what its machine claimed.
 */
public final class PgSwarmStore implements SwarmStore {
    private final PgSettings settings;
    private final PgSession db;
    private final PgTaskQueue queue;
    private final PgTaskLockManager locks;
    private final PgStatusLog statusLog;
    private final PgMasterLeases lease;
    private final SwarmPaths local;

    private PgSwarmStore(PgSettings settings, SwarmConfig config, Clock clock) {
        this.settings = settings;
        this.db = new PgSession(settings, "cli", clock);
        this.queue = new PgTaskQueue(db, clock);
        this.locks = new PgTaskLockManager(db, config.lockTtlSeconds(), clock);
        this.statusLog = new PgStatusLog(db);
        this.lease = new PgMasterLeases(new PgLeases(db, clock), Lease.Key.host(settings.host()),
                Duration.ofSeconds(config.lockTtlSeconds()), clock);
        this.local = config.paths();
    }

    /** The store {@code AI_SWARM_STORE} names, for a person's command; no connection is opened until it is used. */
    public static PgSwarmStore open(SwarmConfig config, Clock clock) {
        return new PgSwarmStore(PgSettings.from(config.env()), config, clock);
    }

    public PgSettings settings() {
        return settings;
    }

    /** The session, for the cluster-wide reads of status. */
    public PgSession session() {
        return db;
    }

    @Override
    public TaskQueue queue() {
        return queue;
    }

    @Override
    public TaskLockManager locks() {
        return locks;
    }

    @Override
    public StatusLog statusLog() {
        return statusLog;
    }

    @Override
    public MasterLeases masterLease() {
        return lease;
    }

    /**
     * None: a person's commands never start panes, and a machine's master claims its panes through
     * {@link PgMachineStore}.
     */
    @Override
    public WorkerClaims workerClaims() {
        throw new UnsupportedOperationException("worker claims belong to a machine's master: open the store for the"
                + " master (SwarmStores.openMaster), not for a person's commands");
    }

    @Override
    public ChangeFeed changes() {
        return PgChangeFeed.feed(settings);
    }

    /** This machine's swarm directory (results, the master's socket), as configured; not created here. */
    @Override
    public Optional<SwarmPaths> localFiles() {
        return Optional.of(local);
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void close() {
        db.close();
    }
}
