package io.aiswarm.workspace;

import static io.aiswarm.workspace.GitRepos.read;
import static io.aiswarm.workspace.GitRepos.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worktree manager on real git repositories in a temporary directory. */
class WorktreeManagerIT {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    @TempDir
    Path tmp;
    Path checkout;
    Path swarm;
    Git person;
    final List<String> messages = new ArrayList<>();

    @BeforeEach
    void repo() {
        checkout = tmp.resolve("app");
        swarm = tmp.resolve("swarm");
        person = GitRepos.create(checkout);
    }

    WorktreeManager manager(String setup, Duration limit, long minFree) {
        return new WorktreeManager(new WorkspaceSettings(checkout, "", "main", setup, limit), swarm, minFree,
                messages::add);
    }

    WorktreeManager manager() {
        return manager(null, null, 0);
    }

    static TaskInfo task(String id, String worker) {
        return new TaskInfo(id, "true", null, 5, TaskStatus.RUNNING, 1, 1, worker, NOW, NOW, NOW, NOW, null, null,
                null, null, null);
    }

    static TaskInfo recorded(TaskInfo t, Map<String, Object> fields) {
        return TaskWorkspace.with(t, fields, NOW);
    }

    @Test
    void aTaskGetsItsOwnBranchFromTheBaseTipAndThePersonsCheckoutIsUntouched() {
        write(checkout.resolve("src/app.txt"), "the person's own edit\n");
        write(checkout.resolve("notes.txt"), "untracked\n");
        String tip = person.ok("rev-parse", "main");
        WorktreeManager m = manager();
        Map<String, Object> fields = m.startTask("worker-0", task("t1", "worker-0"));
        Path wt = swarm.resolve("worktrees/worker-0");
        assertThat(fields).containsEntry("branch", "swarm/t1").containsEntry("base", tip)
                .containsEntry("base_branch", "main").containsEntry("worktree", wt.toString());
        assertThat(read(wt.resolve("src/app.txt"))).isEqualTo("line 1\nline 2\nline 3\n");
        assertThat(m.headBranch(wt)).contains("swarm/t1");
        assertThat(read(checkout.resolve("src/app.txt"))).isEqualTo("the person's own edit\n");
        assertThat(person.ok("symbolic-ref", "--short", "HEAD")).isEqualTo("main");
        assertThat(person.ok("status", "--porcelain")).contains(" M src/app.txt", "?? notes.txt");
    }

    @Test
    void whatATaskLeftIsCommittedOnItsBranchWhenItEnds() {
        WorktreeManager m = manager();
        TaskInfo t = recorded(task("t1", "worker-0"), m.startTask("worker-0", task("t1", "worker-0")));
        Path wt = swarm.resolve("worktrees/worker-0");
        write(wt.resolve("src/new.txt"), "made by the task\n");
        write(wt.resolve("README.md"), "# app, changed\n");
        Map<String, Object> end = m.finishTask(t.finished(TaskStatus.DONE, 0, null, null, NOW));
        assertThat(end).containsEntry("integration", "unmerged");
        Git git = person;
        assertThat(git.ok("log", "--format=%s", "main..swarm/t1")).isEqualTo("swarm: t1 true");
        assertThat(git.ok("show", "swarm/t1:src/new.txt")).isEqualTo("made by the task");
        assertThat(m.headBranch(wt)).isEmpty(); // detached: the branch is free for a merge
        assertThat(m.repo().changes(wt)).isEmpty();
    }

    @Test
    void filesTheSwarmWritesIntoAWorktreeAreNeverCommitted() {
        WorktreeManager m = new WorktreeManager(new WorkspaceSettings(checkout, "", "main", null, null,
                List.of(".claude/settings.json")), swarm, 0, messages::add);
        TaskInfo t = recorded(task("t1", "worker-0"), m.startTask("worker-0", task("t1", "worker-0")));
        Path wt = swarm.resolve("worktrees/worker-0");
        write(wt.resolve(".claude/settings.json"), "{\"hooks\": {}}\n");
        assertThat(m.changes(wt)).isEmpty();
        write(wt.resolve("work.txt"), "work\n");
        m.finishTask(t);
        assertThat(person.ok("ls-tree", "-r", "--name-only", "swarm/t1")).contains("work.txt")
                .doesNotContain(".claude");
        assertThat(wt.resolve(".claude/settings.json")).exists();
    }

    @Test
    void aTaskThatChangedNothingIsEmpty() {
        WorktreeManager m = manager();
        TaskInfo t = recorded(task("t1", "worker-0"), m.startTask("worker-0", task("t1", "worker-0")));
        assertThat(m.finishTask(t)).containsEntry("integration", "empty");
    }

    @Test
    void theNextTaskReusesTheWorkersWorktreeOnANewBranchFromTheNewTip() {
        WorktreeManager m = manager();
        TaskInfo t1 = recorded(task("t1", "worker-0"), m.startTask("worker-0", task("t1", "worker-0")));
        Path wt = swarm.resolve("worktrees/worker-0");
        write(wt.resolve("a.txt"), "from t1\n");
        m.finishTask(t1);
        write(checkout.resolve("b.txt"), "the person committed this\n");
        String tip = GitRepos.commitAll(person, "person's commit");
        Map<String, Object> f2 = m.startTask("worker-0", task("t2", "worker-0"));
        assertThat(f2).containsEntry("base", tip).containsEntry("worktree", wt.toString());
        assertThat(wt.resolve("a.txt")).doesNotExist();
        assertThat(read(wt.resolve("b.txt"))).contains("committed this");
        assertThat(person.ok("show", "swarm/t1:a.txt")).isEqualTo("from t1");
    }

    @Test
    void anInterruptedTasksLeftoversAreCommittedBeforeTheNextTaskStarts() {
        WorktreeManager m = manager();
        m.startTask("worker-0", task("t1", "worker-0"));
        Path wt = swarm.resolve("worktrees/worker-0");
        write(wt.resolve("half.txt"), "half done\n"); // the worker died: no finishTask
        m.startTask("worker-0", task("t2", "worker-0"));
        assertThat(person.ok("show", "swarm/t1:half.txt")).isEqualTo("half done");
        assertThat(m.headBranch(wt)).contains("swarm/t2");
    }

    @Test
    void aRetryKeepsTheEarlierAttemptsCommitsOnABranchAside() {
        WorktreeManager m = manager();
        TaskInfo t = recorded(task("t1", "worker-0"), m.startTask("worker-0", task("t1", "worker-0")));
        write(swarm.resolve("worktrees/worker-0/x.txt"), "first attempt\n");
        t = recorded(t, m.finishTask(t));
        Map<String, Object> again = m.startTask("worker-1", t);
        assertThat(again).containsEntry("branch", "swarm/t1");
        assertThat(person.ok("show", "swarm/t1-attempt-1:x.txt")).isEqualTo("first attempt");
        assertThat(person.ok("rev-list", "--count", "main..swarm/t1")).isEqualTo("0");
        assertThat(messages).anyMatch(s -> s.contains("swarm/t1-attempt-1"));
    }

    @Test
    void aBranchOfThatNameWithCommitsTheSwarmDidNotMakeIsRefused() {
        person.ok("branch", "swarm/t1");
        person.ok("switch", "--quiet", "swarm/t1");
        write(checkout.resolve("mine.txt"), "mine\n");
        GitRepos.commitAll(person, "the person's own work");
        person.ok("switch", "--quiet", "main");
        assertThatThrownBy(() -> manager().startTask("worker-0", task("t1", "worker-0")))
                .isInstanceOf(WorkspaceException.class).hasMessageContaining("swarm/t1 already exists")
                .hasMessageContaining("git branch -m swarm/t1");
        assertThat(person.ok("show", "swarm/t1:mine.txt")).isEqualTo("mine");
    }

    @Test
    void aMissingBaseBranchIsAClearError() {
        TaskInfo t = recorded(task("t1", "worker-0"), Map.of("base_branch", "release"));
        assertThatThrownBy(() -> manager().startTask("worker-0", t)).isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("base branch 'release' does not exist");
    }

    @Test
    void aWorktreeDeletedByHandIsMadeAgain() throws Exception {
        WorktreeManager m = manager();
        TaskInfo t = recorded(task("t1", "worker-0"), m.startTask("worker-0", task("t1", "worker-0")));
        m.finishTask(t);
        Path wt = swarm.resolve("worktrees/worker-0");
        try (var walk = Files.walk(wt)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        m.startTask("worker-0", task("t2", "worker-0"));
        assertThat(m.headBranch(wt)).contains("swarm/t2");
        assertThat(messages).anyMatch(s -> s.contains("deleted by hand"));
    }

    @Test
    void aDirectoryInTheWayIsLeftAloneAndNamed() {
        write(swarm.resolve("worktrees/worker-0/precious.txt"), "not a worktree\n");
        assertThatThrownBy(() -> manager().startTask("worker-0", task("t1", "worker-0")))
                .hasMessageContaining("is not a worktree").hasMessageContaining("move it away");
        assertThat(read(swarm.resolve("worktrees/worker-0/precious.txt"))).isEqualTo("not a worktree\n");
    }

    @Test
    void worktreeIncludeFilesAreCopiedAndTrackedFilesAreNotOverwritten() {
        write(checkout.resolve(".worktreeinclude"), "# local files\n.env\nconfig/*.local\nREADME.md\n");
        write(checkout.resolve(".env"), "SECRET=1\n");
        write(checkout.resolve("config/db.local"), "db\n");
        write(checkout.resolve("README.md"), "edited by the person\n");
        Path wt = manager().ensure("worker-0", person.ok("rev-parse", "main"));
        assertThat(read(wt.resolve(".env"))).isEqualTo("SECRET=1\n");
        assertThat(read(wt.resolve("config/db.local"))).isEqualTo("db\n");
        assertThat(read(wt.resolve("README.md"))).isEqualTo("# app\n");
    }

    @Test
    void aFailingSetupFailsWithItsOutputAndRunsAgainNextTime() {
        WorktreeManager failing = manager("echo installing; echo broken >&2; exit 3", Duration.ofSeconds(30), 0);
        String tip = person.ok("rev-parse", "main");
        assertThatThrownBy(() -> failing.ensure("worker-0", tip)).isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("exit 3").hasMessageContaining("installing").hasMessageContaining("broken");
        Path wt = manager("touch set-up-ran", Duration.ofSeconds(30), 0).ensure("worker-0", tip);
        assertThat(wt.resolve("set-up-ran")).exists();
    }

    @Test
    void aSetupOverItsTimeLimitIsStopped() {
        WorktreeManager slow = manager("sleep 30", Duration.ofMillis(300), 0);
        assertThatThrownBy(() -> slow.ensure("worker-0", person.ok("rev-parse", "main")))
                .hasMessageContaining("time limit");
    }

    @Test
    void aNearlyFullDiskIsRefusedSayingHowMuchIsFree() {
        WorktreeManager m = manager(null, null, Long.MAX_VALUE);
        assertThatThrownBy(() -> m.startTask("worker-0", task("t1", "worker-0"))).isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("nearly full").hasMessageContaining("free");
        assertThat(swarm.resolve("worktrees/worker-0")).doesNotExist();
    }

    @Test
    void notARepositoryAndABareRepositoryAreNamed() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> Repository.open(plain)).isInstanceOf(NotARepositoryException.class)
                .hasMessageContaining("not in a git repository");
        Path bare = tmp.resolve("bare.git");
        person.ok("clone", "--quiet", "--bare", checkout.toString(), bare.toString());
        assertThatThrownBy(() -> Repository.open(bare)).hasMessageContaining("bare repository");
    }

    @Test
    void aDetachedCheckoutHasNoCurrentBranch() {
        person.ok("switch", "--quiet", "--detach");
        assertThat(Repository.open(checkout).currentBranch()).isEmpty();
    }

}
