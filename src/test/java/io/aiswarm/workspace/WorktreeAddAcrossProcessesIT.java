package io.aiswarm.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.InterProcessMutex;
import io.aiswarm.testing.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
            // both JVMs are up and blocked on the lock this process holds: the kernel lists them as its waiters
            await().atMost(Duration.ofSeconds(60)).until(() -> waitersOn(lock) == 2);
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

    /** Processes blocked on a lock of this file (the "->" lines of /proc/locks name its inode). */
    private static long waitersOn(Path file) throws IOException {
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        Pattern waiter = Pattern.compile(".*->.*:" + inode + " .*");
        return Files.readAllLines(Path.of("/proc/locks")).stream().filter(l -> waiter.matcher(l).matches()).count();
    }
}
