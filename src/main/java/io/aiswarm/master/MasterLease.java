package io.aiswarm.master;

import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The right to be the active master of a cluster: an OS file lock on master.lock, held while the process
 * lives. The OS drops it when the process dies, even by SIGKILL, so a standby takes over without any TTL.
 * The file names the holder (pid, start time) for `swarm status`.
 */
public final class MasterLease implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private MasterLease(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lease, or empty when another master holds it. */
    public static Optional<MasterLease> tryAcquire(Path file) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            String holder = "pid " + ProcessHandle.current().pid() + " since " + Instant.now() + " ("
                    + ManagementFactory.getRuntimeMXBean().getName() + ")\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            return Optional.of(new MasterLease(channel, lock));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SwarmStateException("cannot open the master lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Standby: waits until the lease is free (checking every {@code retry}) or {@code stop} says so. */
    public static Optional<MasterLease> await(Path file, Duration retry, BooleanSupplier stop)
            throws InterruptedException {
        while (!stop.getAsBoolean()) {
            Optional<MasterLease> lease = tryAcquire(file);
            if (lease.isPresent()) return lease;
            Thread.sleep(retry.toMillis());
        }
        return Optional.empty();
    }

    /** Who holds the lease, as written by the holder; empty when the file is missing or no master runs. */
    public static Optional<String> holder(Path file) {
        if (!Files.exists(file)) return Optional.empty();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = tryLock(channel);
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
            return Optional.of(Files.readString(file).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // another master in this same JVM holds it
        }
    }

    @Override
    public void close() {
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
