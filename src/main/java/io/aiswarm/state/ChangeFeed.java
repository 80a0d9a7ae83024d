package io.aiswarm.state;

/**
 * Tells a waiting master that the queue or the status log may have changed, so it runs a round at once instead of at
 * its next tick. Notifications coalesce and may be spurious (the master then finds nothing to do); after a watch
 * starts, every change made after it started is notified at least once.
 */
public interface ChangeFeed {
    /** Starts notifying {@code onChange} (from the store's own thread; keep it short) until the watch is closed. */
    Watch watch(Runnable onChange);

    /** A running watch. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
