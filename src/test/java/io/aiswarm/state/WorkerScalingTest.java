package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** `swarm scale`: what it adds, removes and drains, for a given roster and the workers that are busy. */
class WorkerScalingTest {
    static WorkerRoster.Worker w(String id, String agent, boolean draining, String... labels) {
        return new WorkerRoster.Worker(id, agent, List.of(labels), draining);
    }

    final WorkerRoster mixed = new WorkerRoster(Path.of("/w"), List.of(w("worker-0", "claude", false),
            w("worker-1", "exec", false), w("worker-2", "exec", false), w("worker-3", "exec", false, "gpu"),
            w("worker-4", "exec", false)));

    @Test
    void scalingUpAddsWorkersWithTheNextIdsAndKeepsDrainingOnesFirst() {
        WorkerScaling.Plan plan = WorkerScaling.parse("claude:3", mixed).plan(mixed, Set.of(), Set.of("worker-9"));
        assertThat(plan.add()).extracting(WorkerRoster.Worker::describe)
                .containsExactly("worker-10 claude", "worker-11 claude");
        WorkerRoster draining = mixed.with(List.of(w("worker-0", "claude", true), w("worker-1", "exec", false)));
        WorkerScaling.Plan again = WorkerScaling.parse("claude:2", draining).plan(draining, Set.of("worker-0"),
                Set.of());
        assertThat(again.undrain()).containsExactly("worker-0");
        assertThat(again.add()).extracting(WorkerRoster.Worker::id).containsExactly("worker-2");
        assertThat(again.applyTo(draining).workers()).extracting(WorkerRoster.Worker::describe)
                .containsExactly("worker-0 claude", "worker-1 exec", "worker-2 claude");
    }

    @Test
    void scalingDownRemovesIdleWorkersNewestFirstThenDrainsBusyOnes() {
        // exec without labels: worker-1, 2, 4; worker-4 and worker-1 are busy
        WorkerScaling.Plan plan = WorkerScaling.parse("exec:1", mixed).plan(mixed, Set.of("worker-4", "worker-1"),
                Set.of());
        assertThat(plan.remove()).containsExactly("worker-2");
        assertThat(plan.drain()).containsExactly("worker-4");
        WorkerRoster after = plan.applyTo(mixed);
        assertThat(after.workers()).extracting(WorkerRoster.Worker::describe).containsExactly("worker-0 claude",
                "worker-1 exec", "worker-3 exec@gpu", "worker-4 exec (draining)");
        WorkerScaling.Plan none = WorkerScaling.parse("exec:0@gpu", mixed).plan(mixed, Set.of(), Set.of());
        assertThat(none.remove()).containsExactly("worker-3");
        assertThat(WorkerScaling.parse("exec:3", mixed).plan(mixed, Set.of(), Set.of()).isEmpty()).isTrue();
    }

    @Test
    void aPlainCountMeansTheSwarmsOneKindAndBadSpecsAreRefused() {
        WorkerRoster claude = new WorkerRoster(Path.of("/w"), List.of(w("worker-0", "claude", false)));
        assertThat(WorkerScaling.parse("4", claude).kind()).isEqualTo("claude");
        assertThat(WorkerScaling.parse("4", claude.with(List.of())).kind()).isEqualTo("exec");
        assertThatThrownBy(() -> WorkerScaling.parse("4", mixed))
                .hasMessageContaining("this swarm runs [claude, exec] workers; name the profile, e.g. swarm scale claude:4");
        assertThatThrownBy(() -> WorkerScaling.parse("many", mixed))
                .hasMessageContaining("swarm scale many: give [PROFILE:]N[@LABEL[+LABEL]]");
        assertThatThrownBy(() -> WorkerScaling.parse("exec:1@a b", mixed)).hasMessageContaining("'a b' is not a label");
        assertThatThrownBy(() -> WorkerScaling.parse("exec:999", mixed)).hasMessageContaining("at most 256");
    }
}
