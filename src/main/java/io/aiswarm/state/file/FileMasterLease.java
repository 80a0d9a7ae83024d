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
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The right to be the active master of a cluster: an OS file lock on master.lock, held while the process
 * lives. The OS drops it when the process dies, even by SIGKILL, so a standby takes over without any TTL.
 * The file names the holder (pid, start time) for `swarm status` and an epoch (larger than any earlier holder's it
 * saw in the file).
 *
 * <p>A lock belongs to a file, not to its name: when master.lock is removed or replaced (a person or a clean-up
 * script deleting files), the next master locks a new file under the same name and both would be active. So the
 * holder checks that the name led to the same file before it opened it and after it locked it, and then every round
 * ({@link #stillHeld}); a master whose lease is gone steps down.
 * The OS lock (fcntl) belongs to the whole process and closing any descriptor of the file drops it, so a lease
 * held in this JVM is answered from memory: the file is not opened again while it is held here.
 */
public final class FileMasterLease implements AutoCloseable {
    private static final Map<Path, FileMasterLease> HELD_HERE = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final long epoch;
    private final Object fileKey;

    private final String holder;

    private FileMasterLease(Path file, FileChannel channel, FileLock lock, long epoch, Object fileKey, String holder) {
        this.holder = holder;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.epoch = epoch;
        this.fileKey = fileKey;
    }

    /** The lease, or empty when another master holds it. */
    public static synchronized Optional<FileMasterLease> tryAcquire(Path path) {
        Path file = path.toAbsolutePath().normalize();
        FileMasterLease here = HELD_HERE.get(file);
        if (here != null && here.stillHeld()) return Optional.empty();
        for (int attempt = 0; attempt < 3; attempt++) {
            Object before = keyOf(file);
            if (before == null) {
                createIfAbsent(file);
                continue;
            }
            FileChannel channel = null;
            try {
                channel = SafeFiles.openLockFile(file);
                FileLock lock = tryLock(channel);
                if (lock == null) {
                    channel.close();
                    return Optional.empty();
                }
                // the name led to this file before the open and still does after the lock: it is the locked one
                // (read back through the name it cannot be: closing any descriptor of it would drop the lock)
                if (!before.equals(keyOf(file))) {
                    channel.close();
                    continue;
                }
                long epoch = Math.max(System.currentTimeMillis(), epochIn(read(channel)) + 1);
                String holder = "pid " + ProcessHandle.current().pid() + " since " + Instant.now() + " ("
                        + ManagementFactory.getRuntimeMXBean().getName() + ")";
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((holder + "\nepoch " + epoch + "\n").getBytes(StandardCharsets.UTF_8)),
                        0);
                FileMasterLease lease = new FileMasterLease(file, channel, lock, epoch, before, holder);
                HELD_HERE.put(file, lease);
                return Optional.of(lease);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new SwarmStateException("cannot open the master lock " + file + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty(); // the file keeps being replaced: try again later
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
        FileMasterLease here = HELD_HERE.get(file);
        if (here != null && here.stillHeld()) return Optional.of(here.holder);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try (FileChannel channel = SafeFiles.openLockFile(file)) {
            FileLock probe = tryLock(channel);
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
            String content = read(channel);
            int end = content.indexOf('\n');
            return Optional.of((end < 0 ? content : content.substring(0, end)).trim());
        } catch (IOException | SwarmStateException e) {
            return Optional.empty();
        }
    }

    /** Larger than the epoch of every earlier holder that wrote this file. */
    public long epoch() {
        return epoch;
    }

    /**
     * True while master.lock still names the file this lease locked (one lstat: the locked file stays open, so its
     * inode cannot be reused while held). False once it was removed or replaced: another master may be active.
     */
    public boolean stillHeld() {
        return fileKey.equals(keyOf(file));
    }

    private static Object keyOf(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Creates the lock file (0600, never through a link); closing this descriptor is harmless: nothing is locked. */
    private static void createIfAbsent(Path file) {
        try {
            SafeFiles.openLockFile(file).close();
        } catch (IOException e) {
            throw new SwarmStateException("cannot create the master lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static long epochIn(String content) {
        for (String line : content.split("\n")) {
            if (line.startsWith("epoch ")) {
                try {
                    return Long.parseLong(line.substring(6).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(channel.size(), 64 * 1024));
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return file + " (epoch " + epoch + ")";
    }

    @Override
    public void close() {
        synchronized (FileMasterLease.class) {
            HELD_HERE.remove(file, this);
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
