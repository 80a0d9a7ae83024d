package io.aiswarm.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `swarm up` decides about worktrees for its --workdir. */
class WorkspaceSetupIT {
    @TempDir
    Path tmp;

    @Test
    void aRepositoryGetsWorktreesFromItsCurrentBranchAndRemembersWhereInItTheWorkdirIs() {
        Path app = tmp.resolve("app");
        GitRepos.create(app);
        WorkspaceSetup.Decision d = WorkspaceSetup.decide(app.resolve("src"), null, "make deps", Duration.ofSeconds(5),
                false);
        WorkspaceSettings s = d.settings().orElseThrow();
        assertThat(s.repo()).isEqualTo(app);
        assertThat(s.subdir()).isEqualTo("src");
        assertThat(s.baseBranch()).isEqualTo("main");
        assertThat(s.setupCommand()).isEqualTo("make deps");
        assertThat(d.message()).contains("swarm/<task id>").contains("never touched");
        Path swarm = tmp.resolve("swarm");
        s.write(swarm);
        assertThat(WorkspaceSettings.read(swarm)).contains(s);
    }

    @Test
    void noRepositoryNoWorktreesAndOptingOutSaysWhatItRisks() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThat(WorkspaceSetup.decide(plain, null, null, null, false).settings()).isEmpty();
        WorkspaceSetup.Decision out = WorkspaceSetup.decide(plain, null, null, null, true);
        assertThat(out.settings()).isEmpty();
        assertThat(out.message()).contains("overwrite each other");
    }

    @Test
    void aDetachedHeadNeedsBaseAndAMissingBaseIsNamed() {
        Path app = tmp.resolve("app");
        Git git = GitRepos.create(app);
        git.ok("switch", "--quiet", "--detach");
        assertThatThrownBy(() -> WorkspaceSetup.decide(app, null, null, null, false))
                .hasMessageContaining("HEAD is detached").hasMessageContaining("--base BRANCH");
        assertThat(WorkspaceSetup.decide(app, "main", null, null, false).settings()).isPresent();
        assertThatThrownBy(() -> WorkspaceSetup.decide(app, "release", null, null, false))
                .hasMessageContaining("--base release: no such branch");
    }

}
