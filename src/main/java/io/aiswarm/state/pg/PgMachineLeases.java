package io.aiswarm.state.pg;

import io.aiswarm.state.MasterLeases;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One master per machine: the machine's lease ({@code ('host', AI_SWARM_HOST)}) in the shared store, and the local
 * master lease of its swarm directory, taken in that order (so a holder of the local one is the active master).
 *
 * <p>While held, a heartbeat thread renews the machine's lease every third of its TTL and extends all the machine's
 * claims with it, in one transaction, whatever the master's rounds are doing (a long agent delivery does not let it
 * lapse; a frozen process does). While the store is unavailable the heartbeat says so once and the master goes on:
 * its running tasks keep running, every write fails, no task is claimed. A lease found expired (the store was away
 * longer than the TTL, or the process was frozen) is lost: its renewal is refused, and so is every write made under
 * it. The next {@link HeldLease#confirm()} takes the lease again when it is free, as a new epoch: claims the leader
 * recovered meanwhile are no longer this machine's (writes about them stay refused), the others are kept.
 * Holding the lease also runs the leader duties.
 */
final class PgMachineLeases implements MasterLeases {
    private final PgLeases leases;
    private final PgTaskClaims claims;
    private final MachineLease machine;
    private final MasterLeases local;
    private final Lease.Key key;
    private final Duration ttl;
    private final Clock clock;
    private final Consumer<String> log;
    private final Supplier<PgLeaderDuties> duties;

    PgMachineLeases(PgLeases leases, PgTaskClaims claims, MachineLease machine, MasterLeases local, String host,
                    Duration ttl, Clock clock, Consumer<String> log, Supplier<PgLeaderDuties> duties) {
        this.leases = leases;
        this.claims = claims;
        this.machine = machine;
        this.local = local;
        this.key = Lease.Key.host(host);
        this.ttl = ttl;
        this.clock = clock;
        this.log = log;
        this.duties = duties;
    }

    @Override
    public Optional<HeldLease> tryAcquire() {
        Optional<Lease> lease;
        try {
            lease = leases.tryAcquire(key, ttl);
        } catch (StoreUnavailableException e) {
            return Optional.empty(); // a standby tries again; holder() says why
        }
        if (lease.isEmpty()) return Optional.empty();
        Optional<HeldLease> here = local.tryAcquire();
        if (here.isEmpty()) {
            leases.release(lease.get());
            return Optional.empty();
        }
        machine.set(lease.get());
        return Optional.of(new Held(here.get(), duties.get().start()));
    }

    @Override
    public Optional<String> holder() {
        try {
            return leases.read(key).filter(l -> !l.isExpired(clock.instant()))
                    .map(l -> "host " + l.holder() + " (epoch " + l.epoch() + ", until " + l.expiresAt() + ")");
        } catch (StoreUnavailableException e) {
            return Optional.of("unknown: " + e.getMessage());
        }
    }

    private final class Held implements HeldLease {
        private final HeldLease here;
        private final PgLeaderDuties leader;
        private final Thread heartbeat;
        private volatile boolean closed;
        private boolean away;
        private boolean lost;

        Held(HeldLease here, PgLeaderDuties leader) {
            this.here = here;
            this.leader = leader;
            this.heartbeat = new Thread(this::beat, "ai-swarm-pg-heartbeat");
            heartbeat.setDaemon(true);
            heartbeat.start();
        }

        private void beat() {
            long every = Math.max(100, ttl.toMillis() / 3);
            while (!closed) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed) renew();
            }
        }

        /** Renews the lease and the claims; notes an outage or a loss (acted on by the next confirm). */
        synchronized void renew() {
            if (lost || !machine.isHeld()) return;
            Lease held = machine.require();
            try {
                machine.set(claims.heartbeat(held, ttl));
                if (away) log.accept("the store is back: this machine claims tasks again");
                away = false;
            } catch (StoreUnavailableException e) {
                if (!away) {
                    log.accept(e.getMessage() + "; running tasks keep running, no task is claimed until it is back");
                }
                away = true;
            } catch (LeaseLostException e) {
                lost = true;
                log.accept("refused to renew: " + e.getMessage());
            }
        }

        /**
         * The local lease is still ours, and the machine's lease is held, or was taken again after it expired; throws
         * when another master holds it now.
         */
        @Override
        public synchronized void confirm() {
            here.confirm();
            if (!lost && machine.isHeld() && machine.require().isExpired(clock.instant())) {
                renew(); // not renewed in time (frozen, or the store was away): the store refuses it, and says so
            }
            if (!lost) return;
            Optional<Lease> again;
            try {
                again = leases.tryAcquire(key, ttl);
            } catch (StoreUnavailableException e) {
                return; // cannot tell yet: meanwhile every write fails and nothing is claimed
            }
            Lease before = machine.require();
            if (again.isEmpty()) {
                machine.clear();
                throw new LeaseLostException(key + " (epoch " + before.epoch() + ") expired and another master holds"
                        + " it now; this master stops");
            }
            machine.set(again.get());
            lost = false;
            away = false;
            log.accept("the master lease of host " + key.name() + " had expired (epoch " + before.epoch()
                    + "); took it again as epoch " + again.get().epoch() + ": tasks the leader recovered meanwhile"
                    + " are no longer this machine's, the others are kept");
        }

        /** The machine lease's epoch: every new holder of this machine's lease has a larger one. */
        @Override
        public long epoch() {
            return machine.isHeld() ? machine.require().epoch() : 0;
        }

        @Override
        public void close() {
            closed = true;
            heartbeat.interrupt();
            leader.close();
            synchronized (this) {
                Lease held = machine.isHeld() ? machine.require() : null;
                machine.clear();
                try {
                    if (held != null && !lost) leases.release(held);
                } catch (RuntimeException e) {
                    // unavailable: the lease expires by itself
                } finally {
                    here.close();
                }
            }
        }
    }
}
