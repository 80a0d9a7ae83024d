package io.aiswarm.state;

/**
 * Outcome of {@link TaskLockManager#acquire}. {@code lock} is the lock now on disk: ours when acquired,
 * the other holder's when {@link Outcome#HELD_BY_OTHER}.
 */
public record LockResult(Outcome outcome, LockInfo lock) {
    public enum Outcome {
        /** Created a new lock. */
        ACQUIRED,
        /** This worker already held it; heartbeat refreshed. */
        ALREADY_HELD,
        /** Replaced an expired or unreadable lock; exactly one contender gets this. */
        TOOK_OVER,
        /** A live lock of another worker. */
        HELD_BY_OTHER
    }

    public boolean acquired() {
        return outcome != Outcome.HELD_BY_OTHER;
    }
}
