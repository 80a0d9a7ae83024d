package io.aiswarm.workspace;

import static io.aiswarm.workspace.GitRepos.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `swarm review` shows, on real git. */
class TaskReviewIT {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    @TempDir
    Path tmp;
    Path app;
    Path swarm;
    Git person;
    WorktreeManager m;

    @BeforeEach
    void repo() {
        app = tmp.resolve("app");
        swarm = tmp.resolve("swarm");
        person = GitRepos.create(app);
        m = new WorktreeManager(new WorkspaceSettings(app, "", "main", null, null), swarm, 0, s -> { });
    }

    TaskInfo started(String id) {
        TaskInfo t = WorktreeManagerIT.task(id, "worker-0");
        return TaskWorkspace.with(t, m.startTask("worker-0", t), NOW);
    }

    @Test
    void aFinishedTaskShowsItsCommitsStatAndDiff() {
        TaskInfo t = started("t1");
        Path wt = swarm.resolve("worktrees/worker-0");
        write(wt.resolve("src/app.txt"), "line 1\nline 2 changed\nline 3\n");
        GitRepos.commitAll(person.in(wt), "change line 2");
        write(wt.resolve("new.txt"), "new\n");
        TaskInfo done = t.finished(TaskStatus.DONE, 0, null, null, NOW);
        done = TaskWorkspace.with(done, m.finishTask(done), NOW);
        TaskReview r = TaskReview.of(m.repo(), done);
        assertThat(r.commits()).extracting(TaskReview.Commit::subject).containsExactly("swarm: t1 true", "change line 2");
        assertThat(r.files()).extracting(TaskReview.FileChange::path).containsExactly("new.txt", "src/app.txt");
        assertThat(r.files()).filteredOn(f -> f.path().equals("src/app.txt")).singleElement()
                .satisfies(f -> assertThat(f.added()).isEqualTo(1));
        assertThat(r.stat()).contains("2 files changed");
        assertThat(r.diff()).contains("+line 2 changed").contains("-line 2").contains("+new");
        assertThat(r.integration()).isEqualTo("unmerged");
        assertThat(r.diffUpTo(20)).startsWith("diff --git").contains("more characters: swarm review t1");
    }

    @Test
    void aRunningTaskShowsItsWorktreeAsItIsNow() {
        TaskInfo t = started("t1");
        write(swarm.resolve("worktrees/worker-0/README.md"), "# edited, not committed\n");
        TaskReview r = TaskReview.of(m.repo(), t);
        assertThat(r.note()).contains("still running");
        assertThat(r.diff()).contains("+# edited, not committed");
        assertThat(r.commits()).isEmpty();
    }

    @Test
    void aMergedTaskWhoseBranchIsGoneShowsWhatTheMergeAdded() {
        String onto = person.ok("rev-parse", "main");
        write(app.resolve("merged.txt"), "merged\n");
        String merged = GitRepos.commitAll(person, "the task's work, merged");
        TaskInfo t = TaskWorkspace.with(WorktreeManagerIT.task("t9", "worker-0").finished(TaskStatus.DONE, 0, null,
                null, NOW), Map.of("branch", "swarm/t9", "base", onto, "integration", "merged", "merged_commit", merged,
                "merged_onto", onto), NOW);
        TaskReview r = TaskReview.of(m.repo(), t);
        assertThat(r.note()).contains("removed after the merge");
        assertThat(r.commits()).extracting(TaskReview.Commit::subject).containsExactly("the task's work, merged");
    }

    @Test
    void aTaskWithoutABranchHasNothingToReview() {
        assertThatThrownBy(() -> TaskReview.of(m.repo(), WorktreeManagerIT.task("t1", "worker-0")))
                .hasMessageContaining("has no branch");
    }
}
