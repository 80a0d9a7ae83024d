package io.aiswarm.state.pg;

import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.StatusLog;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskClaims;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.WorkerClaims;
import io.aiswarm.state.WorkerInbox;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The shared store as one machine's master uses it: the queue as this machine sees it (its claims, fenced writes,
 * {@link TaskClaims}), its claims as task locks, the machine's status stream fed from its inbox, the machine's master
 * lease (with the leader duties), and wake-ups from the store's notifications and the local inbox. One connection
 * for all of it (measured enough, see docs/postgresql.md) and one for listening.
 *
 * <p>The machine's swarm directory keeps what stays local: the inbox (a {@link WorkerInbox}: {@code status.log},
 * appended by the workers' scripts and hooks), the machine's one-master lock, its panes' worker claims, task output
 * ({@code results/}), the rescuer's decisions and the master's socket. The inbox, the lock and the worker claims are
 * given to it ({@code stores} opens them), so this package knows no other store's classes.
 */
public final class PgMachineStore implements SwarmStore {
    public static final String ENV_LEASE_TTL = "AI_SWARM_LEASE_TTL";
    static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);

    private final PgSettings settings;
    private final PgSession db;
    private final SwarmPaths local;
    private final PgMachineQueue queue;
    private final PgClaimLocks locks;
    private final PgInboxStatusLog statusLog;
    private final PgMachineLeases lease;
    private final WorkerInbox inbox;
    private final WorkerClaims workerClaims;
    private final Clock clock;

    private PgMachineStore(PgSettings settings, SwarmConfig config, Clock localClock, Consumer<String> log,
                           WorkerInbox inbox, MasterLeases machineLock, WorkerClaims workerClaims) {
        this.settings = settings;
        this.db = new PgSession(settings, "master", localClock);
        this.local = config.paths();
        this.inbox = inbox;
        this.workerClaims = workerClaims;
        Clock clock = aligned(db, localClock, log);
        this.clock = clock;
        Duration ttl = Duration.ofSeconds(config.lockTtlSeconds());
        Duration leaseTtl = leaseTtl(config);
        MachineLease machine = new MachineLease();
        PgTaskClaims claims = new PgTaskClaims(db, clock, ttl);
        PgLeases leases = new PgLeases(db, clock);
        this.queue = new PgMachineQueue(db, claims, machine, clock, log);
        this.locks = new PgClaimLocks(db, clock, ttl);
        this.statusLog = new PgInboxStatusLog(new PgStatusLog(db), new InboxIngester(db, inbox.file(), clock));
        PgRecovery recovery = new PgRecovery(db, clock, config.maxAttempts());
        this.lease = new PgMachineLeases(leases, claims, machine, machineLock,
                settings.host(), leaseTtl, clock, log, () -> new PgLeaderDuties(leases, recovery, leaseTtl, log));
    }

    /**
     * How long a machine's master lease (and the leader's) lives unrenewed: {@code AI_SWARM_LEASE_TTL} seconds, default
     * 30. Short, so that a master that died or froze stops writing soon and its machine's next master can take over;
     * its claims live longer ({@code AI_SWARM_LOCK_TTL}, default 300 s) before the leader gives its tasks to others.
     */
    static Duration leaseTtl(SwarmConfig config) {
        String raw = config.setting(ENV_LEASE_TTL).trim();
        if (raw.isEmpty()) return DEFAULT_LEASE_TTL;
        try {
            double seconds = Double.parseDouble(raw);
            if (seconds >= 0.3 && seconds <= 86_400) return Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            // said below
        }
        throw new SwarmStateException(ENV_LEASE_TTL + "='" + raw + "' is not a number of seconds from 0.3 to 86400;"
                + " unset it to use the default " + DEFAULT_LEASE_TTL.toSeconds());
    }

    /**
     * The store {@code AI_SWARM_STORE} names, as the master of this machine ({@code AI_SWARM_HOST}) uses it; creates
     * the machine's swarm directory. {@code log} hears what the store decides on its own (refused late writes, the
     * leader's recoveries, outages). {@code inbox} is what this machine's workers append to; {@code machineLock} keeps
     * one master per machine (taken before the cluster's lease); {@code workerClaims} are the machine's panes' claims.
     */
    public static PgMachineStore open(SwarmConfig config, Clock clock, Consumer<String> log, WorkerInbox inbox,
                                      MasterLeases machineLock, WorkerClaims workerClaims) {
        PgSettings settings = PgSettings.from(config.env());
        SwarmPaths paths = config.paths();
        SwarmDir.ensure(paths.root());
        SwarmDir.ensureSubdir(paths.resultsDir());
        return new PgMachineStore(settings, config, clock, log, inbox, machineLock, workerClaims);
    }

    /**
     * Leases and claims expire by the database server's time, so that machines whose clocks disagree still agree on
     * them; when the store cannot be asked now, the local clock (corrected the next time the master starts).
     */
    private static Clock aligned(PgSession db, Clock local, Consumer<String> log) {
        try {
            Duration offset = DatabaseClock.offset(db, local);
            if (offset.abs().compareTo(Duration.ofSeconds(1)) > 0) {
                log.accept("this machine's clock is " + offset.toMillis() + " ms behind the database's; leases and"
                        + " claims use the database's time");
            }
            return Clock.offset(local, offset);
        } catch (StoreUnavailableException e) {
            return local;
        }
    }

    /** The clock leases and claims are written with (the database's time). */
    Clock clock() {
        return clock;
    }

    public PgSettings settings() {
        return settings;
    }

    /** Why the store is unavailable right now, for status; empty while it works. */
    public Optional<String> problem() {
        return db.problem();
    }

    @Override
    public PgMachineQueue queue() {
        return queue;
    }

    @Override
    public Optional<TaskClaims> claims() {
        return Optional.of(queue);
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

    /** The machine's own: its panes are claimed where they run, as its inbox and one-master lock are local. */
    @Override
    public WorkerClaims workerClaims() {
        return workerClaims;
    }

    /** The store's notifications of new or changed tasks, and the local inbox's growth. */
    @Override
    public ChangeFeed changes() {
        return onChange -> {
            ChangeFeed.Watch file = inbox.changes().watch(onChange);
            PgChangeFeed store = PgChangeFeed.start(settings, payload -> {
                if (!payload.equals("events")) onChange.run(); // other machines' events are not this master's
            });
            return () -> {
                store.close();
                file.close();
            };
        };
    }

    @Override
    public Optional<SwarmPaths> localFiles() {
        return Optional.of(local);
    }

    @Override
    public String describe() {
        return settings.describe() + " as host " + settings.host();
    }

    @Override
    public void close() {
        db.close();
    }
}
