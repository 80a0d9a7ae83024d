package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskRouting;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's view of the roster: read again when it changes, unlisted panes refused, drained workers removed. */
class SwarmWorkersTest {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");

    static WorkerRoster.Worker w(String id, String agent, boolean draining, String... labels) {
        return new WorkerRoster.Worker(id, agent, List.of(labels), draining);
    }

    @Test
    void followsTheRosterAndRemovesDrainedWorkersOnceTheirTaskEnded() {
        SwarmConfig config = SwarmConfig.from("t", Map.of("AI_SWARM_DIR", dir.toString()));
        FileSwarmStore store = FileSwarmStore.open(config, clock);
        TaskInfo gpu = store.queue().add(new NewTask("g", "train", null, null, Map.of(TaskRouting.LABELS,
                List.of("gpu"))));
        TaskInfo plain = store.queue().add(NewTask.command("make"));
        List<String> said = new ArrayList<>();
        // no roster: an older version's exec swarm, every pane an exec worker without labels
        SwarmWorkers workers = SwarmWorkers.open(config, null, new StatusBroadcaster(store.statusLog(), clock), clock,
                said::add);
        assertThat(workers.accepts(plain, "worker-5")).isTrue();
        assertThat(workers.accepts(gpu, "worker-5")).isFalse();

        new WorkerRoster(dir, List.of(w("worker-0", "exec", false), w("worker-1", "exec", true, "gpu"))).write(dir);
        clock.advance(Duration.ofSeconds(1));
        assertThat(workers.accepts(plain, "worker-0")).isTrue();
        assertThat(workers.accepts(plain, "worker-5")).as("a pane the roster does not list yet").isFalse();
        assertThat(workers.accepts(gpu, "worker-1")).as("draining").isFalse();
        assertThat(workers.agentWorkers()).isEmpty();

        workers.settle(Set.of("worker-1"));
        assertThat(WorkerRoster.read(dir).orElseThrow().worker("worker-1")).as("busy: it stays").isPresent();
        workers.settle(Set.of());
        assertThat(WorkerRoster.read(dir).orElseThrow().workers()).extracting(WorkerRoster.Worker::id)
                .containsExactly("worker-0");
        assertThat(said).contains("removed drained worker(s) worker-1");
    }
}
