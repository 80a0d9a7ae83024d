package io.aiswarm.state.pg;

/**
 * This machine's master lease as its master process holds it right now: the one every write of the master presents
 * (checked and share-locked in the write's own transaction), so that a master that lost it, even one frozen in the
 * middle of a round, writes nothing more.
 */
final class MachineLease {
    private volatile Lease held;

    /** The lease; {@link LeaseLostException} when this process does not hold one (yet, or any more). */
    Lease require() {
        Lease lease = held;
        if (lease == null) {
            throw new LeaseLostException("this master does not hold its machine's master lease; nothing was written");
        }
        return lease;
    }

    boolean isHeld() {
        return held != null;
    }

    void set(Lease lease) {
        held = lease;
    }

    void clear() {
        held = null;
    }
}
