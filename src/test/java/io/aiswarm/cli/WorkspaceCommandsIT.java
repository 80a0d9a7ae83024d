package io.aiswarm.cli;

import static io.aiswarm.workspace.GitRepos.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.workspace.Git;
import io.aiswarm.workspace.GitRepos;
import io.aiswarm.workspace.TaskWorkspace;
import io.aiswarm.workspace.WorkspaceSettings;
import io.aiswarm.workspace.WorktreeManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** swarm review, merge, clean and worktrees on a real repository, with tasks run as the master runs them. */
class WorkspaceCommandsIT {
    @TempDir
    Path tmp;
    Path app;
    Path swarm;
    Git person;
    FileSwarmStore state;
    WorktreeManager worktrees;
    CliRun cli;

    @BeforeEach
    void swarmOnARepository() {
        app = tmp.resolve("app");
        swarm = tmp.resolve("swarm");
        person = GitRepos.create(app);
        WorkspaceSettings settings = new WorkspaceSettings(app, "", "main", null, null);
        settings.write(swarm);
        state = FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", swarm.toString())),
                Clock.systemUTC());
        worktrees = new WorktreeManager(settings, swarm, 0, s -> { });
        cli = new CliRun(swarm).env("AI_SWARM_TMUX_SOCKET", "ai-swarm-test-none-" + ProcessHandle.current().pid());
    }

    /** A task run as the master would: started on its branch by a worker, {@code edit} done, ended DONE. */
    TaskInfo ran(String id, String worker, Map<String, String> files) {
        state.queue().add(new NewTask(id, "edit", null, null));
        TaskInfo t = state.queue().update(id, x -> x.assignedTo(worker, Instant.now()).running(Instant.now()));
        Map<String, Object> start = worktrees.startTask(worker, t);
        t = state.queue().update(id, x -> TaskWorkspace.with(x, start, Instant.now()));
        Path wt = Path.of(TaskWorkspace.worktree(t));
        files.forEach((name, text) -> write(wt.resolve(name), text));
        TaskInfo done = state.queue().update(id, x -> x.finished(TaskStatus.DONE, 0, null, null, Instant.now()));
        Map<String, Object> end = worktrees.finishTask(done);
        return state.queue().update(id, x -> TaskWorkspace.with(x, end, Instant.now()));
    }

    @Test
    void reviewShowsTheCommitsTheStatAndTheDiffAndJsonForScripts() throws Exception {
        ran("t1", "worker-0", Map.of("src/app.txt", "line 1\nline 2 by t1\nline 3\n"));
        CliRun.Result text = cli.run("review", "t1");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("t1  done · unmerged  branch swarm/t1 (worker-0)")
                .contains("commits (1):").contains("swarm: t1 edit").contains("1 file changed")
                .contains("+line 2 by t1");
        assertThat(cli.run("review", "t1", "--stat").out()).doesNotContain("+line 2 by t1");
        JsonNode json = Json.MAPPER.readTree(cli.run("review", "t1", "--json").out());
        assertThat(json.get("branch").asText()).isEqualTo("swarm/t1");
        assertThat(json.get("files").get(0).get("path").asText()).isEqualTo("src/app.txt");
        assertThat(json.get("commits")).hasSize(1);
        CliRun.Result missing = cli.run("review", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no task 'nope'");
    }

    @Test
    void mergeQueueMergesInQueueOrderMarksAConflictAndGoesOnAndThePersonsCheckoutFollows() {
        write(app.resolve("notes.txt"), "the person's untracked notes\n");
        ran("t1", "worker-0", Map.of("src/app.txt", "line 1\nline 2 by t1\nline 3\n"));
        ran("t2", "worker-1", Map.of("src/app.txt", "line 1\nline 2 by t2\nline 3\n"));
        ran("t3", "worker-0", Map.of("t3.txt", "t3\n"));
        CliRun.Result merge = cli.run("merge", "--all");
        assertThat(merge.exit()).as(merge.out() + merge.err()).isEqualTo(1);
        assertThat(merge.out()).contains("t1: merged").contains("t2: conflict").contains("src/app.txt")
                .contains("swarm task retry t2").contains("t3: merged").contains("2 merged, 1 conflict");
        assertThat(person.ok("log", "--format=%s", "main")).startsWith("swarm: t3 edit\nswarm: t1 edit\nfirst");
        assertThat(GitRepos.read(app.resolve("src/app.txt"))).contains("line 2 by t1");
        assertThat(GitRepos.read(app.resolve("t3.txt"))).isEqualTo("t3\n");
        assertThat(person.ok("status", "--porcelain")).isEqualTo("?? notes.txt");
        TaskInfo t1 = state.queue().get("t1").orElseThrow();
        assertThat(TaskWorkspace.integration(t1)).hasToString("MERGED");
        assertThat(t1.extra().get("merged_commit")).isNotNull();
        TaskInfo t2 = state.queue().get("t2").orElseThrow();
        assertThat(TaskWorkspace.integration(t2)).hasToString("CONFLICT");
        assertThat(TaskWorkspace.detail(t2)).contains("src/app.txt");
        // nothing left: a second run merges nothing
        assertThat(cli.run("merge", "--all").out()).contains("nothing to merge");
    }

    @Test
    void aRedVerifyLeavesTheTargetAsItWasAndNamesTheOutput() {
        ran("good", "worker-0", Map.of("good.txt", "good\n"));
        ran("bad", "worker-1", Map.of("bad.txt", "bad\n"));
        String before = person.ok("rev-parse", "main");
        CliRun.Result merge = cli.run("merge", "bad", "good", "--verify", "echo checking; test ! -f bad.txt");
        assertThat(merge.exit()).isEqualTo(1);
        assertThat(merge.out()).contains("good: merged").contains("bad: verify_failed").contains("exit 1")
                .contains("checking");
        assertThat(person.ok("ls-tree", "--name-only", "main")).contains("good.txt").doesNotContain("bad.txt");
        assertThat(person.ok("rev-list", "--count", before + "..main")).isEqualTo("1");
        assertThat(TaskWorkspace.detail(state.queue().get("bad").orElseThrow())).contains("checking");
    }

    @Test
    void aDirtyCheckoutOfTheTargetIsRefusedAndNothingMoves() {
        ran("t1", "worker-0", Map.of("t1.txt", "t1\n"));
        write(app.resolve("README.md"), "the person is editing this\n");
        String before = person.ok("rev-parse", "main");
        CliRun.Result merge = cli.run("merge", "--all");
        assertThat(merge.exit()).isEqualTo(1);
        assertThat(merge.out()).contains("t1: refused").contains("uncommitted changes").contains("README.md");
        assertThat(person.ok("rev-parse", "main")).isEqualTo(before);
        assertThat(GitRepos.read(app.resolve("README.md"))).isEqualTo("the person is editing this\n");
        assertThat(TaskWorkspace.integration(state.queue().get("t1").orElseThrow())).hasToString("UNMERGED");
    }

    @Test
    void aTargetMovedDuringTheMergeIsNeverOverwritten() {
        ran("t1", "worker-0", Map.of("t1.txt", "t1\n"));
        // the first verify commits to main behind the queue's back, as a person would meanwhile
        String sneak = "if [ ! -f " + tmp.resolve("sneaked") + " ]; then touch " + tmp.resolve("sneaked") + " && git -C "
                + app + " commit --quiet --allow-empty -m sneaked-in; fi";
        CliRun.Result merge = cli.run("merge", "t1", "--verify", sneak);
        assertThat(merge.exit()).as(merge.out()).isZero();
        assertThat(merge.out()).contains("main moved while t1 was being merged").contains("t1: merged");
        assertThat(person.ok("log", "--format=%s", "main")).startsWith("swarm: t1 edit\nsneaked-in\nfirst");
    }

    @Test
    void mergeIntoAnotherBranchAndBadInput() {
        person.ok("branch", "release");
        ran("t1", "worker-0", Map.of("t1.txt", "t1\n"));
        assertThat(cli.run("merge", "t1", "--into", "nope").err()).contains("--into nope: no such branch");
        assertThat(cli.run("merge").err()).contains("name the tasks to merge, or --all");
        CliRun.Result merge = cli.run("merge", "t1", "--into", "release");
        assertThat(merge.exit()).as(merge.out()).isZero();
        assertThat(person.ok("ls-tree", "--name-only", "release")).contains("t1.txt");
        assertThat(person.ok("ls-tree", "--name-only", "main")).doesNotContain("t1.txt");
        assertThat(cli.run("merge", "t1").out()).contains("t1: already merged");
        CliRun.Result review = cli.run("review", "t1");
        assertThat(review.out()).contains("done · merged");
    }

    @Test
    void cleanRemovesWhatIsMergedOrEmptyAndKeepsUnmergedAndDirtyWorkUnlessForced() {
        ran("t1", "worker-0", Map.of("t1.txt", "t1\n"));
        ran("t2", "worker-1", Map.of("src/app.txt", "t2's own\n"));
        ran("t3", "worker-0", Map.of());
        assertThat(cli.run("merge", "t1").exit()).isZero();
        state.queue().add(new NewTask("t4", "edit", null, null));
        TaskInfo t4 = state.queue().update("t4", x -> x.assignedTo("worker-2", Instant.now()).running(Instant.now()));
        Map<String, Object> start = worktrees.startTask("worker-2", t4);
        state.queue().update("t4", x -> TaskWorkspace.with(x, start, Instant.now()));
        write(swarm.resolve("worktrees/worker-1/scratch.txt"), "a person's experiment\n");

        CliRun.Result list = cli.run("worktrees");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("worker-2", "swarm/t4", "t4 running").contains("worker-1")
                .containsPattern("worker-1 +\\(detached\\) +\\d+ KiB +1 ")
                .contains("swarm/t2", "t2 done · unmerged");

        CliRun.Result clean = cli.run("clean");
        assertThat(clean.exit()).as(clean.err()).isZero();
        assertThat(clean.out()).contains("removed branch swarm/t1 (merged)", "removed branch swarm/t3 (empty)",
                "removed worktree worker-0", "kept    branch swarm/t2 (unmerged work (unmerged); --force removes it)",
                "kept    worktree worker-1 (1 uncommitted change(s)", "kept    worktree worker-2 (its task t4 is running)",
                "kept    branch swarm/t4");
        assertThat(person.ok("show", "swarm/t2:src/app.txt")).isEqualTo("t2's own");
        assertThat(swarm.resolve("worktrees/worker-0")).doesNotExist();
        assertThat(GitRepos.read(swarm.resolve("worktrees/worker-1/scratch.txt"))).contains("experiment");

        CliRun.Result forced = cli.run("clean", "--force");
        assertThat(forced.out()).contains("removed branch swarm/t2 (forced)", "removed worktree worker-1",
                "kept    worktree worker-2 (its task t4 is running)");
        assertThat(person.ok("branch", "--list", "swarm/*")).isEqualTo("+ swarm/t4");
        assertThat(swarm.resolve("worktrees").toFile().list()).containsExactlyInAnyOrder("worker-2", "worker-2.ready");
    }
}
