package io.aiswarm.workspace;

import static io.aiswarm.workspace.GitRepos.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.cli.SwarmMain;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `swarm merge` killed with SIGKILL at different moments of a merge (during the verify, around the move of the target):
 * the target is always either where it was or exactly after the task (all of its three commits), never in between;
 * the next `swarm merge` finishes what was left (task marked merged, the person's checkout brought along).
 */
class MergeKilledIT {
    @TempDir
    Path tmp;

    @Test
    void aMergeKilledAtAnyMomentLeavesTheTargetBeforeOrAfterTheTaskNeverBetween() throws Exception {
        List<String> seen = new ArrayList<>();
        long[] delays = {-1, -1, -1, 400, 800, 1200, 1600};
        for (int round = 0; round < delays.length; round++) {
            Path base = Files.createDirectories(tmp.resolve("r" + round));
            Path app = base.resolve("app");
            Path swarm = base.resolve("swarm");
            Git person = GitRepos.create(app);
            String old = person.ok("rev-parse", "main");
            WorkspaceSettings settings = new WorkspaceSettings(app, "", "main", null, null);
            settings.write(swarm);
            FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", swarm.toString())),
                    Clock.systemUTC());
            threeCommitTask(state, new WorktreeManager(settings, swarm, 0, s -> { }));
            Process merge = JavaProcess.start(SwarmMain.class, Map.of("AI_SWARM_DIR", swarm.toString()),
                    base.resolve("merge.log").toFile(), "merge", "t1", "--verify", "sleep 0.5");
            Path journal = swarm.resolve("merge.journal.json");
            if (delays[round] < 0) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(journal) && merge.isAlive() && System.nanoTime() < until) Thread.onSpinWait();
                if (round == 1) Thread.sleep(5); // a little later into the move
                if (round == 2) Thread.sleep(15);
            } else {
                Thread.sleep(delays[round]);
            }
            merge.destroyForcibly(); // SIGKILL
            merge.waitFor(30, TimeUnit.SECONDS);
            String now = person.ok("rev-parse", "main");
            boolean before = now.equals(old);
            if (!before) {
                assertThat(person.ok("rev-parse", "main~3")).as("round " + round).isEqualTo(old);
                assertThat(person.ok("log", "--format=%s", old + "..main")).as("round " + round)
                        .isEqualTo("third\nsecond\nfirst of t1");
            }
            seen.add(before ? "before" : Files.exists(journal) ? "after (bookkeeping left)" : "after");
            // the next run finishes the job, whatever the kill left
            Process again = JavaProcess.start(SwarmMain.class, Map.of("AI_SWARM_DIR", swarm.toString()),
                    base.resolve("merge2.log").toFile(), "merge", "t1");
            assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(base.resolve("merge2.log"));
            assertThat(again.exitValue()).as(log).isZero();
            assertThat(person.ok("log", "--format=%s", old + "..main")).as(log).isEqualTo("third\nsecond\nfirst of t1");
            assertThat(TaskWorkspace.integration(state.queue().get("t1").orElseThrow())).isEqualTo(Integration.MERGED);
            assertThat(person.ok("status", "--porcelain")).as(log).isEmpty();
            assertThat(GitRepos.read(app.resolve("t1-c.txt"))).isEqualTo("c\n");
            assertThat(journal).doesNotExist();
        }
        System.out.println("MergeKilledIT: state after each kill: " + seen);
    }

    private static void threeCommitTask(FileSwarmStore state, WorktreeManager worktrees) {
        state.queue().add(new NewTask("t1", "edit", null, null));
        TaskInfo t = state.queue().update("t1", x -> x.assignedTo("worker-0", Instant.now()).running(Instant.now()));
        Map<String, Object> start = worktrees.startTask("worker-0", t);
        t = state.queue().update("t1", x -> TaskWorkspace.with(x, start, Instant.now()));
        Git wt = new Git(Path.of(TaskWorkspace.worktree(t)));
        write(Path.of(TaskWorkspace.worktree(t), "t1-a.txt"), "a\n");
        GitRepos.commitAll(wt, "first of t1");
        write(Path.of(TaskWorkspace.worktree(t), "t1-b.txt"), "b\n");
        GitRepos.commitAll(wt, "second");
        write(Path.of(TaskWorkspace.worktree(t), "t1-c.txt"), "c\n");
        GitRepos.commitAll(wt, "third");
        TaskInfo done = state.queue().update("t1", x -> x.finished(TaskStatus.DONE, 0, null, null, Instant.now()));
        Map<String, Object> end = worktrees.finishTask(done);
        state.queue().update("t1", x -> TaskWorkspace.with(x, end, Instant.now()));
    }
}
