package io.aiswarm.state.pg;

import io.aiswarm.state.TaskInfo;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cluster-wide duties, done by whichever master holds the leader lease ({@code ('leader', 'cluster')}): every
 * {@code every} it takes or renews that lease and recovers the tasks of machines whose master lease expired
 * ({@link PgRecovery}). Every master runs one, so that when the leader's machine is lost another master takes over
 * once its lease expires. Runs on its own thread until closed; a store that is unavailable is tried again next time.
 */
final class PgLeaderDuties implements AutoCloseable {
    private final PgLeases leases;
    private final PgRecovery recovery;
    private final Duration ttl;
    private final Duration every;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean closed;
    private Lease leader;

    PgLeaderDuties(PgLeases leases, PgRecovery recovery, Duration ttl, Consumer<String> log) {
        this.leases = leases;
        this.recovery = recovery;
        this.ttl = ttl;
        Duration third = ttl.dividedBy(3);
        this.every = third.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                : third.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : third;
        this.log = log;
        this.thread = new Thread(this::run, "ai-swarm-pg-leader");
        thread.setDaemon(true);
    }

    PgLeaderDuties start() {
        thread.start();
        return this;
    }

    /** One turn: lead (taking or renewing the lease) and recover; public to the package for tests. */
    synchronized void turn() {
        try {
            if (leader == null) {
                leader = leases.tryAcquire(Lease.Key.leader(), ttl).orElse(null);
                if (leader != null) log.accept("this machine leads the cluster (epoch " + leader.epoch() + ")");
            } else {
                leader = leases.renew(leader, ttl);
            }
            if (leader == null) return;
            List<TaskInfo> changed = recovery.recoverLostMachines(leader);
            for (TaskInfo t : changed) {
                log.accept("leader: task " + t.taskId() + " " + (t.status().isFinal() ? "failed" : "requeued")
                        + ": " + t.error());
            }
        } catch (LeaseLostException e) {
            leader = null;
            log.accept("this machine no longer leads the cluster: " + e.getMessage());
        } catch (StoreUnavailableException e) {
            // the master says so; the next turn tries again
        } catch (RuntimeException e) {
            log.accept("leader: recovery failed: " + e.getMessage() + "; trying again in " + every.toMillis() + " ms");
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) turn();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (leader == null) return;
            try {
                leases.release(leader);
            } catch (RuntimeException e) {
                // it expires by itself
            }
            leader = null;
        }
    }
}
