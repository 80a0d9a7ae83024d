package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskRouting;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.state.memory.InMemorySwarmStore;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** `swarm status` names blocked and unroutable tasks with their reason and counts declined tasks apart. */
class QueueNotesTest {
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");

    @Test
    void blockedAndUnroutableTasksAreNamedAndDeclinedCountedApart() {
        TaskQueue queue = InMemorySwarmStore.open(clock, 300).queue();
        queue.addAll(List.of(new NewTask("dep", "make", null, null), new NewTask("after-dep", "deploy", null, null,
                        Map.of(TaskDependencies.AFTER, List.of("dep"))),
                new NewTask("codex-job", null, "fix it", null, Map.of(TaskRouting.AGENT, "codex")),
                new NewTask("gpu-job", "train", null, null, Map.of(TaskRouting.LABELS, List.of("gpu"))),
                new NewTask("ok", "make", null, null), new NewTask("asked", null, "rm it", null)));
        Instant now = clock.instant();
        queue.update("dep", t -> t.finished(TaskStatus.FAILED, 2, null, "exit 2", now));
        queue.update("asked", t -> t.finished(TaskStatus.FAILED, null, null, TaskInfo.DECLINED + "rm", now));
        WorkerRoster roster = new WorkerRoster(Path.of("."), List.of(
                new WorkerRoster.Worker("worker-0", "exec", List.of(), false),
                new WorkerRoster.Worker("worker-1", "exec", List.of("gpu"), true),
                new WorkerRoster.Worker("worker-2", "claude", List.of(), false)));

        QueueNotes notes = QueueNotes.read(queue, queue.countByStatus(), Optional.of(roster));

        assertThat(notes.declined()).isEqualTo(1);
        assertThat(notes.blocked()).containsExactly(new QueueNotes.Note("after-dep", "dependency 'dep' failed"));
        assertThat(notes.unroutable()).extracting(QueueNotes.Note::taskId).containsExactly("codex-job", "gpu-job");
        assertThat(notes.unroutable().get(1).why()).startsWith("wants an exec worker with label gpu; no worker");
        StatusReport report = new StatusReport(now, null, Map.of(), queue.list()).withQueueNotes(notes);
        assertThat(report.toTable())
                .contains("queue: pending 4, assigned 0, running 0, done 0, failed 1, declined 1, skipped 0,")
                .contains("blocked (1; swarm task retry DEP unblocks them):\n  after-dep  dependency 'dep' failed\n")
                .contains("no worker takes (2; swarm scale PROFILE:N adds workers")
                .contains("  codex-job  wants agent codex; no worker of the swarm takes it");
        assertThat(report.toJson()).contains("\"declined\": 1").contains("\"blocked\": [")
                .contains("\"unroutable\": [");
        assertThat(QueueNotes.read(queue, queue.countByStatus(), Optional.empty()).unroutable())
                .as("workers unknown: nothing called unroutable").isEmpty();
    }
}
