package io.aiswarm.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.InterProcessMutex;
import io.aiswarm.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worktree creation is serialised per repository across processes: while another process holds the repository's
 * lock, nothing is created; two swarms (separate JVMs) making worktrees of one repository at once all succeed.
 */
class WorktreeAddAcrossProcessesIT {
    @TempDir
    Path tmp;

    @Test
    void aProcessWaitsForTheRepositorysLockAndTwoSwarmsMakeTheirWorktreesAtOnce() throws Exception {
        Path checkout = tmp.resolve("app");
        GitRepos.create(checkout);
        Path lock = Repository.open(checkout).commonDir().resolve(WorktreeManager.ADD_LOCK);
        List<Process> swarms = new ArrayList<>();
        try (InterProcessMutex.Held held = InterProcessMutex.of(lock).lock()) {
            for (String name : List.of("a", "b")) {
                swarms.add(JavaProcess.start(EnsureWorktreesMain.class, Map.of(), tmp.resolve(name + ".log").toFile(),
                        checkout.toString(), tmp.resolve(name).toString(), "worker-0", "worker-1", "worker-2"));
            }
            Thread.sleep(3000); // both JVMs are up and blocked on the lock this process holds
            assertThat(tmp.resolve("a/worktrees/worker-0")).doesNotExist();
            assertThat(tmp.resolve("b/worktrees/worker-0")).doesNotExist();
        }
        for (int i = 0; i < swarms.size(); i++) {
            Process p = swarms.get(i);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve((i == 0 ? "a" : "b") + ".log"))).isZero();
        }
        List<WorktreeEntry> trees = Repository.open(checkout).worktrees();
        assertThat(trees).hasSize(7);
        for (String name : List.of("a", "b")) {
            for (int w = 0; w < 3; w++) {
                assertThat(tmp.resolve(name + "/worktrees/worker-" + w + "/README.md")).exists();
            }
        }
    }
}
