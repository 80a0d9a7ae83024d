package io.aiswarm.state.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aiswarm.state.InterProcessMutex;
import io.aiswarm.state.Json;
import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult;
import io.aiswarm.state.ProcessInfo;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskIds;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskRules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Task locks as files {@code locks/{task_id}.lock}, created with create-new semantics ({@link SafeFiles#createNew}:
 * O_CREAT|O_EXCL temp file, then link(2), which fails on an existing name), so a lock is never half-written.
 * Every mutation (acquire, takeover, heartbeat, release) runs under one {@link InterProcessMutex} on
 * {@code locks/.mutex}: this makes the check-then-replace of an expired lock race-free across processes, and the
 * OS drops the mutex when its holder dies, so a crash never wedges the swarm. Reads take no lock.
 * A lock file that does not parse counts as expired; on takeover it is moved to {@code locks/corrupt/}.
 */
public final class FileTaskLockManager implements TaskLockManager {
    private static final String SUFFIX = ".lock";
    /**
     * Locks exclude live processes; no fsync: a killed process loses nothing from the page cache, and after a
     * power loss the panes are gone too, so recovery works from tasks.json (fsynced) and an unreadable lock
     * counts as expired. Saves two fsyncs per acquire and heartbeat.
     */
    private static final SafeFiles.Sync LOCK_SYNC = SafeFiles.Sync.PROCESS_CRASH_SAFE;

    private final Path dir;
    private final long ttlSeconds;
    private final Clock clock;
    private final InterProcessMutex mutex;

    public FileTaskLockManager(Path locksDir, long ttlSeconds, Clock clock) {
        if (ttlSeconds <= 0) throw new IllegalArgumentException("lock TTL must be positive, got " + ttlSeconds);
        this.dir = SwarmDir.ensureSubdir(locksDir.toAbsolutePath().normalize());
        this.ttlSeconds = ttlSeconds;
        this.clock = clock;
        this.mutex = InterProcessMutex.of(dir.resolve(".mutex"));
    }

    /** Where unparsable lock files are kept for inspection. */
    public Path corruptDir() {
        return dir.resolve("corrupt");
    }

    @Override
    public LockResult acquire(String taskId, String workerId) {
        Path file = lockFile(taskId);
        TaskRules.checkWorkerId(workerId);
        try {
            return mutex.locked(() -> acquireHeld(file, taskId, workerId));
        } catch (IOException e) {
            throw new SwarmStateException("cannot lock task '" + taskId + "' in " + dir + ": " + e, e);
        }
    }

    /** The decision of {@link #acquire}, made while holding the mutex. */
    private LockResult acquireHeld(Path file, String taskId, String workerId) throws IOException {
        Instant now = now();
        LockFileRead current = LockFileRead.of(file, taskId);
        if (current.absent()) {
            LockInfo mine = fresh(taskId, workerId, now);
            if (SafeFiles.createNew(file, encode(mine), LOCK_SYNC)) return new LockResult(LockResult.Outcome.ACQUIRED, mine);
            current = LockFileRead.of(file, taskId); // created by a process outside the protocol
            if (current.absent()) throw new SwarmStateException("lock " + file + " changed while being taken; retry");
        }
        if (current.corrupt()) {
            moveAside(file, taskId);
            LockInfo mine = fresh(taskId, workerId, now);
            if (SafeFiles.createNew(file, encode(mine), LOCK_SYNC)) return new LockResult(LockResult.Outcome.TOOK_OVER, mine);
            throw new SwarmStateException("lock " + file + " reappeared while being replaced; retry");
        }
        LockInfo theirs = current.info();
        if (theirs.workerId().equals(workerId)) {
            LockInfo refreshed = theirs.heartbeat(now);
            SafeFiles.writeAtomically(file, encode(refreshed), LOCK_SYNC);
            return new LockResult(LockResult.Outcome.ALREADY_HELD, refreshed);
        }
        if (!theirs.isExpired(now)) return new LockResult(LockResult.Outcome.HELD_BY_OTHER, theirs);
        LockInfo mine = fresh(taskId, workerId, now);
        SafeFiles.writeAtomically(file, encode(mine), LOCK_SYNC); // rename over the expired lock: never a moment without one
        return new LockResult(LockResult.Outcome.TOOK_OVER, mine);
    }

    @Override
    public boolean heartbeat(String taskId, String workerId) {
        Path file = lockFile(taskId);
        try {
            return mutex.locked(() -> {
                LockFileRead current = LockFileRead.of(file, taskId);
                if (!current.ownedBy(workerId)) return false;
                SafeFiles.writeAtomically(file, encode(current.info().heartbeat(now())), LOCK_SYNC);
                return true;
            });
        } catch (IOException e) {
            throw new SwarmStateException("cannot refresh lock " + file + ": " + e, e);
        }
    }

    @Override
    public boolean release(String taskId, String workerId) {
        Path file = lockFile(taskId);
        try {
            return mutex.locked(() -> {
                if (!LockFileRead.of(file, taskId).ownedBy(workerId)) return false;
                Files.delete(file);
                return true;
            });
        } catch (IOException e) {
            throw new SwarmStateException("cannot release lock " + file + ": " + e, e);
        }
    }

    @Override
    public Optional<LockInfo> read(String taskId) {
        return Optional.ofNullable(LockFileRead.of(lockFile(taskId), taskId).info());
    }

    @Override
    public boolean isLocked(String taskId) {
        return read(taskId).map(l -> !l.isExpired(clock.instant())).orElse(false);
    }

    /**
     * Every lock, each read at most once while its file stays the same (the master lists the locks several times a
     * round): see {@link #cachedOrRead}.
     */
    @Override
    public List<LockInfo> list() {
        List<LockInfo> locks = new ArrayList<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                if (!TaskIds.isValid(id)) continue;
                present.add(id);
                LockInfo info = cachedOrRead(f, id);
                if (info != null) locks.add(info);
            }
        } catch (IOException e) {
            throw new SwarmStateException("cannot list locks in " + dir + ": " + e, e);
        }
        listed.keySet().retainAll(present);
        locks.sort(Comparator.comparing(LockInfo::taskId));
        return locks;
    }

    /** A lock as last read, kept with the identity of the file it was read from. */
    private record Listed(Object fileKey, FileTime modified, long size, LockInfo info) {
        boolean sameFile(BasicFileAttributes a) {
            return a.fileKey() != null && a.fileKey().equals(fileKey) && a.lastModifiedTime().equals(modified)
                    && a.size() == size;
        }
    }

    private final Map<String, Listed> listed = new ConcurrentHashMap<>();

    /**
     * The lock in {@code file}, from the last read when the file is provably the one read then: same inode, size and
     * modification time, and that time was already {@link #SETTLED} in the past when it was read. A lock is never
     * written in place (every change makes a new file), and a file made after that read has a later modification time
     * even if it got the same inode number, so a reused entry is never another file's.
     */
    private LockInfo cachedOrRead(Path file, String taskId) {
        BasicFileAttributes before = attributes(file);
        Listed known = before == null ? null : listed.get(taskId);
        if (known != null && known.sameFile(before)) return known.info();
        LockInfo info = LockFileRead.of(file, taskId).info();
        Listed read = before == null || info == null || !before.isRegularFile() ? null
                : new Listed(before.fileKey(), before.lastModifiedTime(), before.size(), info);
        BasicFileAttributes after = read == null ? null : attributes(file);
        boolean settled = after != null
                && after.lastModifiedTime().toMillis() < System.currentTimeMillis() - SETTLED.toMillis();
        if (settled && read.sameFile(after)) {
            listed.put(taskId, read);
        } else {
            listed.remove(taskId);
        }
        return info;
    }

    /**
     * How old a lock file's modification time must be for its read to be reused: above the tick of the kernel's
     * coarse clock that stamps files (one jiffy, 10 ms at the slowest HZ), so a file made after the read is never
     * stamped with the same time.
     */
    static final Duration SETTLED = Duration.ofMillis(20);

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public long ttlSeconds() {
        return ttlSeconds;
    }

    private Path lockFile(String taskId) {
        return dir.resolve(TaskIds.require(taskId) + SUFFIX);
    }

    private LockInfo fresh(String taskId, String workerId, Instant now) {
        return new LockInfo(taskId, workerId, UUID.randomUUID().toString(), ProcessInfo.HOST, ProcessInfo.PID, now,
                now, ttlSeconds);
    }

    private void moveAside(Path file, String taskId) throws IOException {
        Path corrupt = SwarmDir.ensureSubdir(corruptDir());
        Path target = corrupt.resolve(taskId + SUFFIX + "." + clock.millis() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE); // rename moves a symlink itself, never its target
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static byte[] encode(LockInfo info) {
        try {
            return (Json.PRETTY.writeValueAsString(info) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new SwarmStateException("cannot encode lock: " + e.getOriginalMessage(), e);
        }
    }

    /** One read of a lock file: absent, corrupt (unparsable, incomplete, a symlink, another task's) or a lock. */
    private record LockFileRead(boolean absent, LockInfo info) {
        static LockFileRead of(Path file, String taskId) {
            byte[] bytes;
            try {
                Optional<byte[]> read = SafeFiles.readIfExists(file);
                if (read.isEmpty()) return new LockFileRead(true, null);
                bytes = read.get();
            } catch (IOException | SwarmStateException e) {
                return new LockFileRead(false, null);
            }
            try {
                LockInfo info = Json.MAPPER.readValue(bytes, LockInfo.class);
                boolean complete = info.workerId() != null && info.heartbeatAt() != null && info.ttlSec() > 0
                        && taskId.equals(info.taskId());
                return new LockFileRead(false, complete ? info : null);
            } catch (IOException e) {
                return new LockFileRead(false, null);
            }
        }

        boolean corrupt() {
            return !absent && info == null;
        }

        boolean ownedBy(String workerId) {
            return info != null && info.workerId().equals(workerId);
        }
    }
}
