package io.aiswarm.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace logic that needs no git: parsing, settings, task fields, limits, the include list. */
class WorkspaceLogicTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    @TempDir
    Path tmp;

    @Test
    void gitVersionsOlderThanTheMinimumAreRefused() {
        assertThat(Git.requireVersion("git version 2.39.5")).isEqualTo("2.39");
        assertThat(Git.requireVersion("git version 3.0.0.windows.1")).isEqualTo("3.0");
        assertThatThrownBy(() -> Git.requireVersion("git version 2.17.1")).hasMessageContaining("too old")
                .hasMessageContaining("--no-worktrees");
        assertThatThrownBy(() -> Git.requireVersion("something else")).hasMessageContaining("cannot tell");
    }

    @Test
    void worktreeListPorcelainIsParsed() {
        List<WorktreeEntry> all = WorktreeEntry.parse("worktree /src/app\nHEAD 1111\nbranch refs/heads/main\n\n"
                + "worktree /swarm/worktrees/worker-0\nHEAD 2222\ndetached\n\n"
                + "worktree /swarm/worktrees/worker-1\nHEAD 3333\nbranch refs/heads/swarm/t1\nprunable gitdir file "
                + "points to non-existent location\n");
        assertThat(all).hasSize(3);
        assertThat(all.get(0).shortBranch()).isEqualTo("main");
        assertThat(all.get(1).shortBranch()).isNull();
        assertThat(all.get(1).head()).isEqualTo("2222");
        assertThat(all.get(2).shortBranch()).isEqualTo("swarm/t1");
        assertThat(all.get(2).prunable()).isTrue();
        assertThat(WorktreeEntry.parse("worktree /bare.git\nbare\n").get(0).bare()).isTrue();
    }

    @Test
    void settingsRoundTripAndABrokenFileIsNamedAndLeftAlone() throws Exception {
        Path swarm = tmp.resolve("swarm");
        WorkspaceSettings s = new WorkspaceSettings(Path.of("/src/app"), "web", "main", "npm ci", Duration.ofSeconds(90),
                List.of(".claude/settings.json"));
        s.write(swarm);
        assertThat(WorkspaceSettings.read(swarm)).contains(s);
        WorkspaceSettings.remove(swarm);
        assertThat(WorkspaceSettings.read(swarm)).isEmpty();
        assertThatThrownBy(() -> WorkspaceSettings.require(swarm)).hasMessageContaining("runs without worktrees");
        Files.writeString(WorkspaceSettings.path(swarm), "{not json");
        assertThatThrownBy(() -> WorkspaceSettings.read(swarm)).hasMessageContaining("workspaces.json")
                .hasMessageContaining("not valid JSON");
        assertThat(Files.readString(WorkspaceSettings.path(swarm))).isEqualTo("{not json");
        Files.writeString(WorkspaceSettings.path(swarm), "{\"repo\": \"/x\"}");
        assertThatThrownBy(() -> WorkspaceSettings.read(swarm)).hasMessageContaining("\"base_branch\" are required");
    }

    @Test
    void taskFieldsAreSetClearedAndKeptWithTheOthers() {
        TaskInfo t = new TaskInfo("t1", "true", null, 5, TaskStatus.DONE, 1, 1, "worker-0", NOW, NOW, NOW, NOW, NOW, 0,
                null, null, Map.of("label", "kept"));
        TaskInfo with = TaskWorkspace.with(t, TaskWorkspace.fields("branch", "swarm/t1", "integration", "conflict",
                "integration_detail", "a.txt"), NOW);
        assertThat(TaskWorkspace.branch(with)).isEqualTo("swarm/t1");
        assertThat(TaskWorkspace.integration(with)).isEqualTo(Integration.CONFLICT);
        assertThat(with.extra()).containsEntry("label", "kept");
        TaskInfo cleared = TaskWorkspace.with(with, TaskWorkspace.fields("integration", null, "integration_detail",
                null), NOW);
        assertThat(TaskWorkspace.integration(cleared)).isNull();
        assertThat(cleared.extra()).doesNotContainKey("integration_detail");
        assertThat(TaskWorkspace.with(cleared, Map.of(), NOW)).isSameAs(cleared);
        assertThat(Integration.parse("verify_failed")).isEqualTo(Integration.VERIFY_FAILED);
        assertThat(Integration.parse("nonsense")).isNull();
        assertThat(Integration.CONFLICT.holdsUnmergedWork()).isTrue();
        assertThat(Integration.EMPTY.holdsUnmergedWork()).isFalse();
    }

    @Test
    void theFreeDiskMinimumIsASettingAndRefusalSaysHowMuchIsFree() {
        assertThat(DiskSpace.minimumFrom("")).isEqualTo(1024L << 20);
        assertThat(DiskSpace.minimumFrom("0")).isZero();
        assertThatThrownBy(() -> DiskSpace.minimumFrom("lots")).hasMessageContaining(DiskSpace.ENV_MIN_FREE_MB);
        assertThatThrownBy(() -> DiskSpace.require(tmp, Long.MAX_VALUE)).isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("free,").hasMessageContaining("swarm clean");
        DiskSpace.require(tmp.resolve("not/yet/there"), 1);
        assertThat(DiskSpace.mib(5L << 20)).isEqualTo("5 MiB");
        assertThat(DiskSpace.mib(20L << 30)).isEqualTo("20.0 GiB");
    }

    @Test
    void worktreeIncludeCopiesListedAndMatchingFilesButNeverOverwritesOrLeavesTheCheckout() throws Exception {
        Path checkout = tmp.resolve("app");
        Path wt = tmp.resolve("wt");
        GitRepos.write(checkout.resolve(WorktreeInclude.FILE), "# local\n.env\n/config/*.local\nsecrets/\n../escape\n"
                + "README.md\n");
        GitRepos.write(checkout.resolve(".env"), "A=1\n");
        GitRepos.write(checkout.resolve("config/db.local"), "db\n");
        GitRepos.write(checkout.resolve("config/db.yml"), "not listed\n");
        GitRepos.write(checkout.resolve("secrets/key"), "k\n");
        GitRepos.write(checkout.resolve("README.md"), "the person's\n");
        GitRepos.write(wt.resolve("README.md"), "tracked\n");
        GitRepos.write(tmp.resolve("escape"), "outside\n");
        List<Path> copied = WorktreeInclude.copy(checkout, wt);
        assertThat(copied).extracting(Path::toString).containsExactlyInAnyOrder(".env", "config/db.local", "secrets");
        assertThat(GitRepos.read(wt.resolve("secrets/key"))).isEqualTo("k\n");
        assertThat(wt.resolve("config/db.yml")).doesNotExist();
        assertThat(GitRepos.read(wt.resolve("README.md"))).isEqualTo("tracked\n");
        assertThat(WorktreeInclude.copy(tmp.resolve("none"), wt)).isEmpty();
    }
}
