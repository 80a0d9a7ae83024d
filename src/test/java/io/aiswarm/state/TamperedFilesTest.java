package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.file.FileMasterLease;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.state.file.StatusLogTail;
import io.aiswarm.testing.MutableClock;
import io.aiswarm.testing.PosixPerms;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** State files planted or replaced by someone else: refused with a clear error, never followed, never a hang. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TamperedFilesTest {
    @TempDir
    Path tmp;
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");

    private FileSwarmStore open(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put(SwarmConfig.ENV_DIR, tmp.resolve("swarm").toString());
        return FileSwarmStore.open(SwarmConfig.from("t", env), clock);
    }

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/shared/tasks.json", "../tasks.json", "sub/../../tasks.json", "..", ".", "a/b.json"})
    void aTasksFileOutsideTheSwarmDirectoryIsRefused(String name) {
        assertThatThrownBy(() -> SwarmConfig.from("t", Map.of(SwarmConfig.ENV_DIR, tmp.toString(),
                SwarmConfig.ENV_TASKS_FILE, name)))
                .isInstanceOf(SwarmStateException.class)
                .hasMessageContaining("AI_SWARM_TASKS_FILE").hasMessageContaining("plain file name");
    }

    @Test
    void aCommandWithANulCharacterIsRefusedWhenAddedAndNothingIsAdded() {
        FileSwarmStore state = open(Map.of());
        assertThatThrownBy(() -> state.queue().addAll(java.util.List.of(NewTask.command("true"),
                NewTask.command("echo a\0b")))).hasMessageContaining("NUL character (at 6)");
        assertThat(state.queue().list()).isEmpty();
        String huge = "-x" + "y".repeat(200 * 1024);
        assertThat(state.queue().add(NewTask.command(huge)).command()).isEqualTo(huge); // any size, any first char
    }

    @Test
    void aPlainTasksFileNameStaysInTheDirectory() {
        SwarmConfig config = SwarmConfig.from("t", Map.of(SwarmConfig.ENV_DIR, tmp.toString(),
                SwarmConfig.ENV_TASKS_FILE, "night.json"));
        assertThat(config.tasksFile()).isEqualTo(tmp.resolve("night.json"));
    }

    @Test
    void aFifoPlantedAsTheQueueOrALockFileIsRefusedWithoutHanging() throws Exception {
        FileSwarmStore state = open(Map.of());
        Path root = state.paths().root();
        mkfifo(root.resolve("tasks.json"));
        assertThatThrownBy(() -> state.queue().list()).hasMessageContaining("tasks.json")
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> state.queue().countByStatus()).hasMessageContaining("not a regular file");
        Files.delete(root.resolve("tasks.json"));
        mkfifo(root.resolve("tasks.json.lock"));
        assertThatThrownBy(() -> state.queue().add(NewTask.command("true"))).hasMessageContaining("tasks.json.lock");
        mkfifo(root.resolve("master.lock"));
        CompletableFuture<Object> lease = CompletableFuture.supplyAsync(() -> {
            try {
                return FileMasterLease.tryAcquire(root.resolve("master.lock"));
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(lease.get(10, TimeUnit.SECONDS)).isInstanceOf(SwarmStateException.class);
        assertThat(FileMasterLease.holder(root.resolve("master.lock"))).isEmpty();
        mkfifo(root.resolve("status.log"));
        assertThatThrownBy(() -> state.statusLog().follow().poll()).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> StatusLogTail.read(root.resolve("status.log"), java.util.List.of("w")))
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> state.broadcaster().broadcastStart("w", "", "up"))
                .hasMessageContaining("status.log");
    }

    @Test
    void theMasterLockIsNeverFollowedThroughALinkAndIsPrivate() throws Exception {
        FileSwarmStore state = open(Map.of());
        Path lock = state.paths().masterLock();
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "keep me");
        Files.createSymbolicLink(lock, victim);
        assertThatThrownBy(() -> FileMasterLease.tryAcquire(lock)).hasMessageContaining("symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("keep me");
        Files.delete(lock);
        Path dangling = tmp.resolve("created-by-link");
        Files.createSymbolicLink(lock, dangling);
        assertThatThrownBy(() -> FileMasterLease.tryAcquire(lock)).isInstanceOf(SwarmStateException.class);
        assertThat(dangling).doesNotExist();
        Files.delete(lock);
        try (FileMasterLease held = FileMasterLease.tryAcquire(lock).orElseThrow()) {
            assertThat(PosixPerms.of(lock)).isEqualTo("rw-------");
            assertThat(Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)).isTrue();
        }
    }
}
