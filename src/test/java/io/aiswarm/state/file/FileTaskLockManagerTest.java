package io.aiswarm.state.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult.Outcome;
import io.aiswarm.state.LockResult;
import io.aiswarm.testing.MutableClock;
import io.aiswarm.testing.PosixPerms;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only lock files do; what every lock manager does is TaskLockContract (FileStoreContractTest). */
class FileTaskLockManagerTest {
    @TempDir
    Path tmp;
    MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    Path dir;
    FileTaskLockManager locks;

    @BeforeEach
    void setUp() {
        dir = tmp.resolve("locks");
        locks = new FileTaskLockManager(dir, 300, clock);
    }

    @Test
    void acquireWritesTheLockFileWithItsOwner() throws Exception {
        LockResult r = locks.acquire("t1", "worker-0");
        assertThat(r.outcome()).isEqualTo(Outcome.ACQUIRED);
        LockInfo info = r.lock();
        assertThat(info.taskId()).isEqualTo("t1");
        assertThat(info.workerId()).isEqualTo("worker-0");
        assertThat(info.ownerToken()).hasSize(36);
        assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(info.host()).isNotBlank();
        assertThat(info.ttlSec()).isEqualTo(300);
        String json = Files.readString(dir.resolve("t1.lock"));
        assertThat(json).contains("\"task_id\": \"t1\"", "\"worker_id\": \"worker-0\"", "\"owner_token\"", "\"host\"",
                "\"pid\"", "\"acquired_at\": \"2026-01-31T12:00:00.000Z\"", "\"heartbeat_at\"", "\"ttl_sec\": 300");
        assertThat(locks.read("t1")).contains(info);
        assertThat(locks.isLocked("t1")).isTrue();
        assertThat(PosixPerms.of(dir)).isEqualTo("rwx------");
    }

    @Test
    void onlyTheOwnerRefreshesOrReleases() {
        locks.acquire("t1", "worker-0");
        assertThat(locks.heartbeat("t1", "worker-1")).isFalse();
        assertThat(locks.release("t1", "worker-1")).isFalse();
        assertThat(locks.isLocked("t1")).isTrue();
        assertThat(locks.release("t1", "worker-0")).isTrue();
        assertThat(Files.exists(dir.resolve("t1.lock"))).isFalse();
        assertThat(locks.release("t1", "worker-0")).isFalse();
        assertThat(locks.heartbeat("t1", "worker-0")).isFalse();
        assertThat(locks.acquire("t1", "worker-1").outcome()).isEqualTo(Outcome.ACQUIRED);
    }

    @Test
    void anUnparsableLockCountsAsExpiredAndIsKeptAside() throws Exception {
        Files.writeString(dir.resolve("t1.lock"), "{\"task_id\": \"t1\", \"worker_");
        assertThat(locks.isLocked("t1")).isFalse();
        assertThat(locks.read("t1")).isEmpty();
        assertThat(locks.heartbeat("t1", "worker-0")).isFalse();
        LockResult r = locks.acquire("t1", "worker-0");
        assertThat(r.outcome()).isEqualTo(Outcome.TOOK_OVER);
        try (var kept = Files.list(locks.corruptDir())) {
            Path aside = kept.findFirst().orElseThrow();
            assertThat(aside.getFileName().toString()).startsWith("t1.lock.");
            assertThat(Files.readString(aside)).isEqualTo("{\"task_id\": \"t1\", \"worker_");
        }
    }

    @Test
    void aSymlinkPlantedAsALockIsNeverFollowed() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Files.createSymbolicLink(dir.resolve("t1.lock"), victim);
        assertThat(locks.read("t1")).isEmpty();
        assertThat(locks.acquire("t1", "worker-0").outcome()).isEqualTo(Outcome.TOOK_OVER);
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(dir.resolve("t1.lock"))).isFalse();
    }

    @Test
    void aLockFileNamingAnotherTaskIsCorrupt() throws Exception {
        locks.acquire("t1", "worker-0");
        Files.copy(dir.resolve("t1.lock"), dir.resolve("t2.lock"));
        assertThat(locks.read("t2")).isEmpty();
        assertThat(locks.list()).extracting(LockInfo::taskId).containsExactly("t1");
    }

    @Test
    void rejectsUnsafeTaskIdsAndEmptyWorkers() {
        assertThatThrownBy(() -> locks.acquire("../../etc/x", "worker-0")).hasMessageContaining("task id");
        assertThatThrownBy(() -> locks.acquire("t1", " ")).hasMessageContaining("worker id");
        assertThatThrownBy(() -> new FileTaskLockManager(dir, 0, clock)).hasMessageContaining("TTL");
    }

    /**
     * list() reuses its read of a lock file that has not changed, and never a read of another file: a lock released
     * and taken again by another worker, another process or this one, is seen at once, even when the old file was
     * old enough to be reused and the new one has its size.
     */
    @Test
    void listReusesNoReadOfAFileThatChanged() throws Exception {
        locks.acquire("t1", "worker-1");
        Path file = dir.resolve("t1.lock");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        Files.setLastModifiedTime(file, old);
        assertThat(locks.list()).extracting(LockInfo::workerId).containsExactly("worker-1");
        assertThat(locks.list()).extracting(LockInfo::workerId).as("the same file, read again or reused")
                .containsExactly("worker-1");
        FileTaskLockManager other = new FileTaskLockManager(dir, 300, clock); // another process's view
        assertThat(other.release("t1", "worker-1")).isTrue();
        assertThat(other.acquire("t1", "worker-2").outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(locks.list()).extracting(LockInfo::workerId).containsExactly("worker-2");
        Files.setLastModifiedTime(file, old); // even back-dated to the old file's time: it is another inode
        assertThat(locks.list()).extracting(LockInfo::workerId).containsExactly("worker-2");
        assertThat(other.release("t1", "worker-2")).isTrue();
        assertThat(locks.list()).isEmpty();
    }
}
