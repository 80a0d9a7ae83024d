package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.workspace.Integration;
import io.aiswarm.workspace.TaskWorkspace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worktree side of `swarm status`. */
class WorkspaceSummaryTest {
    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    static TaskInfo task(String id, TaskStatus status, String worker, Map<String, Object> fields) {
        TaskInfo t = new TaskInfo(id, "true", null, 5, status, 1, 1, worker, NOW, NOW, NOW, NOW, null, null, null,
                null, null);
        return TaskWorkspace.with(t, fields, NOW);
    }

    @Test
    void busyWorkersShowTheirBranchAndFinishedTasksTheirIntegration() {
        List<TaskInfo> tasks = List.of(
                task("t1", TaskStatus.RUNNING, "worker-0", Map.of("branch", "swarm/t1")),
                task("t2", TaskStatus.DONE, "worker-1", Map.of("branch", "swarm/t2", "integration", "merged")),
                task("t3", TaskStatus.DONE, "worker-1", Map.of("branch", "swarm/t3", "integration", "conflict",
                        "integration_detail", "conflicting files: a.txt\nmore")),
                task("t4", TaskStatus.DONE, "worker-1", Map.of("branch", "swarm/t4", "integration", "unmerged")),
                task("t5", TaskStatus.DONE, "worker-1", Map.of()));
        WorkspaceSummary s = WorkspaceSummary.of(tasks);
        assertThat(s.branchOfWorker()).containsExactly(Map.entry("worker-0", "swarm/t1"));
        assertThat(s.counts()).containsEntry(Integration.MERGED, 1).containsEntry(Integration.CONFLICT, 1)
                .containsEntry(Integration.UNMERGED, 1);
        assertThat(s.waiting()).extracting(WorkspaceSummary.Waiting::taskId).containsExactly("t3", "t4");
        Map<String, WorkerStatus> none = Map.of();
        StatusReport report = new StatusReport(NOW, "m", none, tasks).withWorkspaces(s);
        assertThat(report.toTable()).contains("work: unmerged 1, merged 1, conflict 1")
                .contains("  t3  conflict  conflicting files: a.txt\n").contains("swarm merge --all");
        assertThat(report.toJson()).contains("\"work\"").contains("\"waiting\"");
        assertThat(WorkspaceSummary.of(List.of(task("x", TaskStatus.DONE, "w", Map.of()))).isEmpty()).isTrue();
    }
}
