package io.aiswarm.workspace;

import static io.aiswarm.workspace.GitRepos.read;
import static io.aiswarm.workspace.GitRepos.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.LiveSwarm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swarm on a git repository, as a person runs it (`swarm up --workdir REPO`, `swarm master`, real tmux, real git):
 * exec workers edit the same and different files at once, each in its own worktree and branch, without seeing each
 * other's changes; the person's checkout, with their own uncommitted edits, is never touched.
 */
class WorktreeSwarmIT {
    @TempDir
    Path tmp;
    LiveSwarm swarm;

    @AfterEach
    void stop() {
        if (swarm != null) swarm.close();
    }

    @Test
    void workersEditTheSameAndDifferentFilesAtOnceWithoutInterference() throws Exception {
        Path app = tmp.resolve("app");
        Git person = GitRepos.create(app);
        String base = person.ok("rev-parse", "main");
        write(app.resolve("src/app.txt"), "the person's own uncommitted edit\n");
        write(app.resolve("notes.txt"), "the person's untracked notes\n");
        swarm = LiveSwarm.start(tmp, 3, app);
        // all three start together (three idle workers) and each waits for the others to have edited
        String edits = " && touch ../$AI_SWARM_TASK_ID.edited && while [ $(ls .. | grep -c edited) -lt 3 ]; do sleep 0.1; done";
        add("t1", "sed -i '2s/.*/line two by t1/' src/app.txt" + edits);
        add("t2", "sed -i '2s/.*/line 2 by t2/' src/app.txt" + edits);
        add("t3", "echo t3 > t3.txt && grep -c . src/app.txt > t3-saw-lines.txt" + edits);
        add("t4", "while [ ! -f ../release-t4 ]; do sleep 0.1; done");
        FileSwarmStore state = swarm.state();
        // the live views show a busy worker's branch
        await().atMost(LiveSwarm.WAIT).until(() -> swarm.api("GET", "/api/status?format=status-json", "")
                .map(r -> r.body().contains("swarm/t4")).orElse(false));
        assertThat(swarm.swarm("status").out()).containsPattern("t4 .* on swarm/t4");
        write(tmp.resolve("swarm/worktrees/release-t4"), "");
        await().atMost(LiveSwarm.WAIT).until(() -> state.queue().list().stream()
                .allMatch(t -> t.status() == TaskStatus.DONE && TaskWorkspace.integration(t) != null));
        TaskInfo t1 = state.queue().get("t1").orElseThrow();
        assertThat(TaskWorkspace.branch(t1)).isEqualTo("swarm/t1");
        assertThat(TaskWorkspace.base(t1)).isEqualTo(base);
        assertThat(TaskWorkspace.baseBranch(t1)).isEqualTo("main");
        assertThat(TaskWorkspace.integration(t1)).isEqualTo(Integration.UNMERGED);
        assertThat(person.ok("show", "swarm/t1:src/app.txt")).isEqualTo("line 1\nline two by t1\nline 3");
        assertThat(person.ok("show", "swarm/t2:src/app.txt")).isEqualTo("line 1\nline 2 by t2\nline 3");
        assertThat(person.ok("show", "swarm/t3:t3-saw-lines.txt")).isEqualTo("3");
        assertThat(person.ok("diff", "--name-only", base, "swarm/t3").split("\n"))
                .containsExactlyInAnyOrder("t3.txt", "t3-saw-lines.txt");
        assertThat(person.ok("log", "--format=%s", "-1", "swarm/t1")).startsWith("swarm: t1 ");
        assertThat(TaskWorkspace.integration(state.queue().get("t4").orElseThrow())).isEqualTo(Integration.EMPTY);
        List<String> worktrees = Repository.open(app).worktrees().stream().map(w -> w.path().toString()).toList();
        assertThat(worktrees).hasSize(4).anyMatch(p -> p.endsWith("worktrees/worker-0"));
        // the live views: a task's diff, the finished tasks' integration
        assertThat(swarm.api("GET", "/api/tasks/t1", "").orElseThrow().body()).contains("+line two by t1")
                .contains("1 file changed");
        assertThat(swarm.swarm("status").out()).contains("work: unmerged 3, empty 1").contains("t1  unmerged");
        // the person's checkout: same branch, same commit, their own edits as they left them
        assertThat(person.ok("symbolic-ref", "--short", "HEAD")).isEqualTo("main");
        assertThat(person.ok("rev-parse", "HEAD")).isEqualTo(base);
        assertThat(read(app.resolve("src/app.txt"))).isEqualTo("the person's own uncommitted edit\n");
        assertThat(person.ok("status", "--porcelain")).isEqualTo(" M src/app.txt\n?? notes.txt");

        // the merge queue will not move main under the person's edits
        LiveSwarm.Run refused = swarm.swarm("merge", "--all");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("uncommitted changes").contains("src/app.txt");
        assertThat(person.ok("rev-parse", "main")).isEqualTo(base);
        person.ok("stash", "--quiet");
        LiveSwarm.Run merge = swarm.swarm("merge", "--all", "--verify", "test -f README.md");
        assertThat(merge.exit()).as(merge.out()).isEqualTo(1);
        assertThat(merge.out()).contains("t1: merged", "t2: conflict", "src/app.txt", "t3: merged");
        assertThat(read(app.resolve("src/app.txt"))).isEqualTo("line 1\nline two by t1\nline 3\n");
        assertThat(read(app.resolve("t3.txt"))).isEqualTo("t3\n");
        await().atMost(LiveSwarm.WAIT).until(() -> swarm.swarm("status").out().contains("t2  conflict  conflicting files: src/app.txt"));
        // the conflicted task runs again from the new tip, and then merges
        assertThat(swarm.swarm("task", "retry", "t2").exit()).isZero();
        await().atMost(LiveSwarm.WAIT).until(() -> {
            TaskInfo t2 = state.queue().get("t2").orElseThrow();
            return t2.status() == TaskStatus.DONE && TaskWorkspace.integration(t2) == Integration.UNMERGED;
        });
        TaskInfo t2 = state.queue().get("t2").orElseThrow();
        assertThat(TaskWorkspace.base(t2)).isEqualTo(person.ok("rev-parse", "main"));
        assertThat(person.ok("show", "swarm/t2-attempt-1:src/app.txt")).contains("line 2 by t2"); // kept aside
        LiveSwarm.Run again = swarm.swarm("merge", "t2");
        assertThat(again.exit()).as(again.out()).isZero();
        assertThat(read(app.resolve("src/app.txt"))).isEqualTo("line 1\nline 2 by t2\nline 3\n");
        assertThat(person.ok("log", "--format=%s", base + "..main").split("\n")).hasSize(3);
    }

    private void add(String id, String command) throws Exception {
        LiveSwarm.Run run = swarm.swarm("task", "add", "--id", id, "--", command);
        assertThat(run.exit()).as(run.out()).isZero();
    }
}
