package io.aiswarm.state.pg;

import io.aiswarm.state.MasterLeases;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link PgLeases} lease as a store's master lease: taken with a TTL, renewed by every {@link HeldLease#confirm()}
 * (the master's round), given up on close. A holder that stops renewing loses it once the TTL has passed.
 */
public final class PgMasterLeases implements MasterLeases {
    private final PgLeases leases;
    private final Lease.Key key;
    private final Duration ttl;
    private final Clock clock;

    public PgMasterLeases(PgLeases leases, Lease.Key key, Duration ttl, Clock clock) {
        this.leases = leases;
        this.key = key;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<HeldLease> tryAcquire() {
        return leases.tryAcquire(key, ttl).map(Held::new);
    }

    @Override
    public Optional<String> holder() {
        return leases.read(key).filter(l -> !l.isExpired(clock.instant()))
                .map(l -> l.holder() + " (epoch " + l.epoch() + ", until " + l.expiresAt() + ")");
    }

    private final class Held implements HeldLease {
        private Lease lease;

        Held(Lease lease) {
            this.lease = lease;
        }

        /** Renews; {@link LeaseLostException} once it expired or was given up. */
        @Override
        public synchronized void confirm() {
            lease = leases.renew(lease, ttl);
        }

        @Override
        public synchronized void close() {
            leases.release(lease);
        }
    }
}
