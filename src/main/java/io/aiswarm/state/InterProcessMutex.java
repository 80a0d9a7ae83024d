package io.aiswarm.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion across threads and processes on one lock file. The OS file lock (fcntl) excludes other
 * processes and is released by the kernel if the holder dies; Java file locks belong to the whole JVM, so an
 * in-JVM lock per path excludes our own threads first. Re-entrant for the holding thread.
 */
public final class InterProcessMutex {
    private static final Map<Path, InterProcessMutex> BY_PATH = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final ReentrantLock local = new ReentrantLock();
    private FileChannel channel;
    private FileLock fileLock;

    private InterProcessMutex(Path lockFile) {
        this.lockFile = lockFile;
    }

    /** The mutex for this lock file; the same instance for every caller in this JVM. */
    public static InterProcessMutex of(Path lockFile) {
        return BY_PATH.computeIfAbsent(lockFile.toAbsolutePath().normalize(), InterProcessMutex::new);
    }

    /** Blocks until held; close the returned handle to release. */
    public Held lock() {
        local.lock();
        if (local.getHoldCount() == 1) {
            try {
                channel = SafeFiles.openLockFile(lockFile);
                fileLock = channel.lock();
            } catch (IOException | RuntimeException e) {
                closeChannel();
                local.unlock();
                throw new SwarmStateException("cannot lock " + lockFile + ": " + e.getMessage()
                        + " (a symbolic link or FIFO there is refused; check the directory's permissions)", e);
            }
        }
        return this::unlock;
    }

    /** Runs {@code body} while holding the mutex and returns its result. */
    public <T> T locked(Body<T> body) throws IOException {
        try (Held held = lock()) {
            return body.run();
        }
    }

    /** Work done under the mutex. */
    @FunctionalInterface
    public interface Body<T> {
        T run() throws IOException;
    }

    private void unlock() {
        try {
            if (local.getHoldCount() == 1) {
                closeChannel(); // closing the channel releases the OS lock
            }
        } finally {
            local.unlock();
        }
    }

    private void closeChannel() {
        fileLock = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the OS releases the lock with the descriptor whatever close reports
            }
            channel = null;
        }
    }

    /** A held mutex; {@link #close()} releases it. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
