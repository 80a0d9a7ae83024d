package io.aiswarm.state;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The master lease of a store: at most one holder at a time. A holder that dies loses it (the file store: when the OS
 * drops its lock; a network store: when its lease expires unrenewed).
 */
public interface MasterLeases {
    /** The lease, or empty while another holder has it. */
    Optional<HeldLease> tryAcquire();

    /** Who holds it (as the holder described itself); empty when nobody does. */
    Optional<String> holder();

    /** Standby: tries every {@code retry} until the lease is taken or {@code stop} says so. */
    default Optional<HeldLease> await(Duration retry, BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            Optional<HeldLease> lease = tryAcquire();
            if (lease.isPresent()) return lease;
            Thread.sleep(retry.toMillis());
        }
        return Optional.empty();
    }

    /** A lease this process holds until it closes it. */
    interface HeldLease extends AutoCloseable {
        /**
         * Confirms the lease is still held (renewing it where leases expire); throws {@link SwarmStateException} when
         * it was lost, and then the holder must stop acting as master. The master calls it every round.
         */
        void confirm();

        /**
         * Larger than the epoch of every earlier holder of this lease (a fencing token: what this holder writes can be
         * told from what an earlier one wrote); 0 where the store keeps none.
         */
        default long epoch() {
            return 0;
        }

        /** Gives the lease up. */
        @Override
        void close();
    }
}
