package io.aiswarm.state.pg;

import io.aiswarm.state.MasterLeases;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One master per machine: the machine's lease ({@code ('host', AI_SWARM_HOST)}) in the shared store, and the local
 * master lease of its swarm directory, taken in that order (so a holder of the local one is the active master). Each
 * {@link HeldLease#confirm()} (every round) renews the machine's lease and extends all its claims in one transaction.
 * While the store is unavailable, confirm lets the master go on (its running tasks keep running; every write fails
 * and no task is claimed) and says so once. A lease found expired (the store was away longer than the TTL, or the
 * master was frozen) is taken again when free, as a new epoch: claims the leader recovered meanwhile are no longer this
 * machine's (their late writes are refused), the others are kept. Holding the lease also runs the leader duties.
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
        Optional<Lease> lease = leases.tryAcquire(key, ttl);
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
        return leases.read(key).filter(l -> !l.isExpired(clock.instant()))
                .map(l -> "host " + l.holder() + " (epoch " + l.epoch() + ", until " + l.expiresAt() + ")");
    }

    private final class Held implements HeldLease {
        private final HeldLease here;
        private final PgLeaderDuties leader;
        private boolean away;

        Held(HeldLease here, PgLeaderDuties leader) {
            this.here = here;
            this.leader = leader;
        }

        @Override
        public synchronized void confirm() {
            here.confirm();
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
                Optional<Lease> taken = leases.tryAcquire(key, ttl);
                if (taken.isEmpty()) {
                    machine.clear();
                    throw e;
                }
                Lease again = taken.get();
                machine.set(again);
                away = false;
                log.accept("the master lease of host " + key.name() + " had expired (epoch " + held.epoch()
                        + "); took it again as epoch " + again.epoch() + ": tasks the leader recovered meanwhile are"
                        + " no longer this machine's, the others are kept");
            }
        }

        /** The machine lease's epoch: every new holder of this machine's lease has a larger one. */
        @Override
        public long epoch() {
            return machine.isHeld() ? machine.require().epoch() : 0;
        }

        @Override
        public synchronized void close() {
            leader.close();
            Lease held = machine.isHeld() ? machine.require() : null;
            machine.clear();
            try {
                if (held != null) leases.release(held);
            } catch (RuntimeException e) {
                // unavailable: the lease expires by itself
            } finally {
                here.close();
            }
        }
    }
}
