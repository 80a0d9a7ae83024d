package io.aiswarm.state.file;

import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The right to be the active master of a cluster: an OS file lock on master.lock, held while the process
 * lives. The OS drops it when the process dies, even by SIGKILL, so a standby takes over without any TTL.
 * The file names the holder (pid, start time) for `swarm status`.
 * The OS lock (fcntl) belongs to the whole process and closing any descriptor of the file drops it, so a lease
 * held in this JVM is answered from memory: the file is not opened again while it is held here.
 */
public final class FileMasterLease implements AutoCloseable {
    private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FileMasterLease(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lease, or empty when another master holds it. */
    public static synchronized Optional<FileMasterLease> tryAcquire(Path path) {
        Path file = path.toAbsolutePath().normalize();
        if (HELD_HERE.containsKey(file)) return Optional.empty();
        FileChannel channel = null;
        try {
            channel = SafeFiles.openLockFile(file);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            String holder = "pid " + ProcessHandle.current().pid() + " since " + Instant.now() + " ("
                    + ManagementFactory.getRuntimeMXBean().getName() + ")\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            HELD_HERE.put(file, holder.trim());
            return Optional.of(new FileMasterLease(file, channel, lock));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SwarmStateException("cannot open the master lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Standby: waits until the lease is free (checking every {@code retry}) or {@code stop} says so. */
    public static Optional<FileMasterLease> await(Path file, Duration retry, BooleanSupplier stop)
            throws InterruptedException {
        while (!stop.getAsBoolean()) {
            Optional<FileMasterLease> lease = tryAcquire(file);
            if (lease.isPresent()) return lease;
            Thread.sleep(retry.toMillis());
        }
        return Optional.empty();
    }

    /** Who holds the lease, as written by the holder; empty when the file is missing or no master runs. */
    public static synchronized Optional<String> holder(Path path) {
        Path file = path.toAbsolutePath().normalize();
        String here = HELD_HERE.get(file);
        if (here != null) return Optional.of(here);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try (FileChannel channel = SafeFiles.openLockFile(file)) {
            FileLock probe = tryLock(channel);
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
            return SafeFiles.readIfExists(file).map(b -> new String(b, StandardCharsets.UTF_8).trim());
        } catch (IOException | SwarmStateException e) {
            return Optional.empty();
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() {
        synchronized (FileMasterLease.class) {
            HELD_HERE.remove(file);
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
