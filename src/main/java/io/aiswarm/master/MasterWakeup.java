package io.aiswarm.master;

import io.aiswarm.state.ChangeFeed;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the master when something happened: the store's change feed reported a change (the queue or the status log)
 * or someone called {@link #signal()} (a pane ended). Wakeups coalesce: many events before the master looks count as
 * one.
 */
final class MasterWakeup implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean pending;
    /** The change feed reported a change, maybe one of this master's own writes (see {@link #forgetFeed}). */
    private boolean fed;
    private boolean nudged;
    private ChangeFeed.Watch watch;

    /** Without a feed (a polling baseline) only signals and nudges wake the master. */
    MasterWakeup(ChangeFeed feed) {
        if (feed != null) watch = feed.watch(this::fed);
    }

    void signal() {
        locked(() -> pending = true, true);
    }

    private void fed() {
        locked(() -> fed = true, true);
    }

    /**
     * Forgets what the change feed reported so far; signals ({@link #signal}) stay. Call it only before checking that
     * the store holds nothing but this master's own writes: a change after the call is reported again.
     */
    void forgetFeed() {
        locked(() -> fed = false, false);
    }

    /** Wakes the master without asking for a round: it looks at what is due (e.g. panes that printed). */
    void nudge() {
        locked(() -> nudged = true, true);
    }

    private void locked(Runnable change, boolean wake) {
        lock.lock();
        try {
            change.run();
            if (wake) changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** What ended a wait. */
    enum Wake {
        /** {@code max} passed, or a nudge: no round asked for. */
        NONE,
        /** The change feed reported a change (which may be the master's own write). */
        FEED,
        /** A signal: a round is wanted. */
        SIGNAL
    }

    /** Waits until a signal, a feed report, a nudge, or {@code max} passed. Clears them all. */
    Wake await(Duration max) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (!pending && !fed && !nudged && nanos > 0) nanos = changed.awaitNanos(nanos);
            Wake wake = pending ? Wake.SIGNAL : fed ? Wake.FEED : Wake.NONE;
            pending = false;
            fed = false;
            nudged = false;
            return wake;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (watch != null) watch.close();
    }
}
