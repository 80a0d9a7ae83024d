package io.aiswarm.state.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.testing.MutableClock;
import io.aiswarm.testing.PosixPerms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmStateTest {
    @TempDir
    Path tmp;

    @Test
    void opensTheWholeLayoutInAPrivateDirectory() throws Exception {
        Path dir = tmp.resolve("state/swarm");
        SwarmConfig config = SwarmConfig.from("default", Map.of(SwarmConfig.ENV_DIR, dir.toString(),
                SwarmConfig.ENV_LOCK_TTL, "42"));
        FileSwarmStore state = FileSwarmStore.open(config, MutableClock.at("2026-01-31T12:00:00Z"));
        assertThat(state.directory().created()).isTrue();
        assertThat(PosixPerms.of(dir)).isEqualTo("rwx------");
        assertThat(Files.isDirectory(dir.resolve("locks"))).isTrue();
        assertThat(Files.isDirectory(dir.resolve("results"))).isTrue();
        assertThat(state.locks().ttlSeconds()).isEqualTo(42);

        TaskInfo t = state.queue().add(NewTask.command("true"));
        assertThat(state.locks().acquire(t.taskId(), "worker-0").acquired()).isTrue();
        state.broadcaster().broadcastAssigned("worker-0", t.taskId(), "go", null);
        assertThat(state.statusLog().follow().poll()).hasSize(1);
        assertThat(Files.exists(dir.resolve("tasks.json"))).isTrue();
        assertThat(Files.exists(dir.resolve("locks/" + t.taskId() + ".lock"))).isTrue();
        assertThat(Files.exists(dir.resolve("status.log"))).isTrue();
    }
}
