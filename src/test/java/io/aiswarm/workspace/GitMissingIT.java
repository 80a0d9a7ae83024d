package io.aiswarm.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.cli.SwarmMain;
import io.aiswarm.testing.JavaProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `swarm up` on a repository when git is missing or too old: a clear error naming what to install, nothing started. */
class GitMissingIT {
    @TempDir
    Path tmp;

    @Test
    void gitMissingOrTooOldIsAClearErrorAndNothingStarts() throws Exception {
        Path app = tmp.resolve("app");
        GitRepos.create(app);
        // swarm up decides about worktrees before it needs tmux: an empty PATH is enough
        Path noGit = Files.createDirectories(tmp.resolve("bin-without-git"));
        Run missing = up(app, noGit);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).contains("cannot run git").contains("install git 2.25 or later")
                .contains("--no-worktrees");

        Path oldGit = Files.createDirectories(tmp.resolve("bin-with-old-git"));
        Files.writeString(oldGit.resolve("git"), "#!/bin/sh\necho 'git version 2.17.1'\n");
        Files.setPosixFilePermissions(oldGit.resolve("git"), PosixFilePermissions.fromString("rwx------"));
        Run old = up(app, oldGit);
        assertThat(old.exit()).isEqualTo(1);
        assertThat(old.out()).contains("git 2.17 is too old");
        assertThat(tmp.resolve("swarm/workspaces.json")).doesNotExist();
    }

    private record Run(int exit, String out) {
    }

    private Run up(Path workdir, Path path) throws Exception {
        ProcessBuilder pb = JavaProcess.builder(SwarmMain.class, List.of("up", "--workers", "1", "--no-master",
                "--workdir", workdir.toString()));
        pb.environment().put("PATH", path.toString());
        pb.environment().put("AI_SWARM_DIR", tmp.resolve("swarm").toString());
        pb.environment().put("AI_SWARM_TMUX_SOCKET", "swarm-test-nogit-" + ProcessHandle.current().pid());
        pb.environment().remove("TMUX");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
