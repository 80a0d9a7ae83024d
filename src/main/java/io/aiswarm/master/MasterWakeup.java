package io.aiswarm.master;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the master when something happened: a watched file of the swarm directory changed (status.log,
 * tasks.json) or someone called {@link #signal()} (a pane ended). Wakeups coalesce: many events before the
 * master looks count as one.
 */
final class MasterWakeup implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean pending;
    private boolean nudged;
    private final WatchService watcher;
    private final Thread thread;

    /** Watches {@code files} (their directories, filtered by name: a file replaced by rename is seen too). */
    MasterWakeup(List<Path> files) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        Set<Path> watched = new HashSet<>();
        Set<Path> dirs = new HashSet<>();
        for (Path file : files) {
            Path abs = file.toAbsolutePath().normalize();
            watched.add(abs);
            if (dirs.add(abs.getParent())) {
                abs.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
        }
        thread = new Thread(() -> watch(watched), "swarm-master-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch(Set<Path> files) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    Object context = event.context();
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW
                            || context instanceof Path p && files.contains(dir.resolve(p))) relevant = true;
                }
                key.reset();
                if (relevant) signal();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the master stops
        }
    }

    void signal() {
        lock.lock();
        try {
            pending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the master without asking for a round: it looks at what is due (e.g. panes that printed). */
    void nudge() {
        lock.lock();
        try {
            nudged = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a signal, a nudge, or {@code max} passed; true when woken by a signal (a round is wanted).
     * Clears both.
     */
    boolean await(Duration max) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (!pending && !nudged && nanos > 0) nanos = changed.awaitNanos(nanos);
            boolean woken = pending;
            pending = false;
            nudged = false;
            return woken;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
