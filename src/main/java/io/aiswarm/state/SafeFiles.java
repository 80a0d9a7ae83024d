package io.aiswarm.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** File I/O for state files: never follows a symlink, writes atomically and durably. */
public final class SafeFiles {
    static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private SafeFiles() {
    }

    /**
     * Refuses anything at {@code file} that is not a regular file (a FIFO, a device, a directory, a symbolic link),
     * before it is opened: opening a FIFO planted as a state file would block the process forever. Absent is fine.
     */
    public static void requireRegularOrAbsent(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new SwarmStateException("cannot check " + file + ": " + e, e);
        }
        if (attrs.isRegularFile()) return;
        String kind = attrs.isSymbolicLink() ? "a symbolic link" : attrs.isDirectory() ? "a directory"
                : "not a regular file (a FIFO, socket or device)";
        throw new SwarmStateException(file + " is " + kind + "; refusing to open it. Remove it (swarm recreates"
                + " its state files), or point AI_SWARM_DIR at a directory nobody else writes to");
    }

    /**
     * A lock file opened for locking: created 0600 if missing, never through a symbolic link, never blocking (read
     * and write: Linux opens a FIFO that way without waiting for a peer), and only a regular file.
     */
    public static FileChannel openLockFile(Path file) throws IOException {
        requireRegularOrAbsent(file);
        FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PRIVATE_FILE);
        try {
            requireRegularOrAbsent(file); // replaced between the check and the open
        } catch (SwarmStateException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /**
     * Appends {@code bytes} in one write() on a descriptor opened O_APPEND|O_NOFOLLOW (created 0600), so appends of
     * several processes never interleave; anything but a regular file is refused.
     */
    public static void append(Path file, byte[] bytes) throws IOException {
        requireRegularOrAbsent(file);
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), PRIVATE_FILE)) {
            writeFully(ch, ByteBuffer.wrap(bytes)); // a regular file takes the whole buffer in one write()
        }
    }

    /** The file's bytes, or empty when it does not exist. A symbolic link or a FIFO is refused (O_NOFOLLOW). */
    public static Optional<byte[]> readIfExists(Path file) throws IOException {
        requireRegularOrAbsent(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 16));
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read until full or EOF
            }
            buf.flip();
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            return Optional.of(bytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) {
                throw new SwarmStateException(file + " is a symbolic link; refusing to follow it. Remove it", e);
            }
            throw e;
        }
    }

    /**
     * Overwrites {@code file} in place (created 0600 if absent, never through a link, only a regular file): one write
     * at offset 0, then a truncate to the new length. No new inode, unlike {@link #writeAtomically}: on a busy swarm
     * directory each new file costs the kernel a search past recently deleted inodes. Not atomic: callers and their
     * readers must hold the same {@link InterProcessMutex}, and a reader must take a half-written file for garbage.
     */
    public static void overwrite(Path file, byte[] content) throws IOException {
        requireRegularOrAbsent(file);
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PRIVATE_FILE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            long at = 0;
            while (buf.hasRemaining()) at += ch.write(buf, at);
            ch.truncate(content.length);
        }
    }

    /**
     * Replaces {@code target} so that a crash at any moment leaves the old or the new content: temp file in the
     * same directory, fsync, atomic rename, fsync of the directory (so the rename itself survives a power loss).
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        writeAtomically(target, content, Sync.DURABLE);
    }

    /**
     * How far a write must survive. Both kinds are atomic (temp file, then rename or link), so a process killed
     * at any moment leaves the old or the new content; only DURABLE also survives a power loss (two fsyncs).
     */
    public enum Sync { DURABLE, PROCESS_CRASH_SAFE }

    public static void writeAtomically(Path target, byte[] content, Sync sync) throws IOException {
        Path tmp = temp(target, content, sync);
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename atomically in " + tmp.getParent(), e);
            }
            if (sync == Sync.DURABLE) fsyncDirectory(tmp.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates {@code file} only if absent, with its whole content, or returns false when it exists. The content is
     * written to a temp file (O_CREAT|O_EXCL) and then hard-linked to the name: link(2) fails on an existing name
     * exactly like O_EXCL, and the name never points at a half-written file, even if we are killed mid-way.
     */
    public static boolean createNew(Path file, byte[] content) throws IOException {
        return createNew(file, content, Sync.DURABLE);
    }

    public static boolean createNew(Path file, byte[] content, Sync sync) throws IOException {
        Path tmp = temp(file, content, sync);
        try {
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            if (sync == Sync.DURABLE) fsyncDirectory(tmp.getParent());
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new temp file (O_CREAT|O_EXCL, 0600) next to {@code target}, holding {@code content}; fsynced if DURABLE. */
    private static Path temp(Path target, byte[] content, Sync sync) throws IOException {
        Path tmp = target.toAbsolutePath().getParent().resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PRIVATE_FILE)) {
            writeFully(ch, ByteBuffer.wrap(content));
            if (sync == Sync.DURABLE) ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** Removes temp files left by a process killed mid-write (older than {@code age}, so never a live one's). */
    public static void removeStaleTemps(Path dir, Duration age) {
        long cutoff = System.currentTimeMillis() - age.toMillis();
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*.tmp-*")) {
            for (Path t : temps) {
                if (Files.isRegularFile(t, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(t, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                    Files.deleteIfExists(t);
                }
            }
        } catch (IOException ignored) {
            // best effort: a leftover temp file is only litter
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
