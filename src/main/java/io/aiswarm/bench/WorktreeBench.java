package io.aiswarm.bench;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.memory.InMemorySwarmStore;
import io.aiswarm.workspace.Git;
import io.aiswarm.workspace.MergeQueue;
import io.aiswarm.workspace.TaskWorkspace;
import io.aiswarm.workspace.WorkspaceSettings;
import io.aiswarm.workspace.WorktreeInventory;
import io.aiswarm.workspace.WorktreeManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Worktrees on a repository of {@code files} files (about 2 KiB each, in 100 directories, one commit), in a temporary
 * directory: the time and disk to create a worker's worktree; the time to put an existing worktree on a new task's
 * branch (a worktree per worker) against creating one (a worktree per task); and the merge queue's time per task
 * without a verify command (each task changed one file; the person's checkout of the target follows every merge).
 */
final class WorktreeBench {
    /** What was measured: times in milliseconds, sizes in bytes. */
    record Result(int files, Percentiles createMs, long worktreeBytes, long adminBytes, Percentiles switchMs,
                  int merged, double mergeMsPerTask, long repoBytes) {
    }

    private WorktreeBench() {
    }

    static Result measure(int files, int worktrees, int tasks) throws IOException {
        Path dir = Files.createTempDirectory("ai-swarm-worktree-bench-");
        try {
            Path app = dir.resolve("app");
            Git git = createRepository(app, files);
            long repoBytes = WorktreeInventory.diskUse(app.resolve(".git"));
            WorkspaceSettings settings = new WorkspaceSettings(app, "", "main", null, null);
            Path swarm = dir.resolve("swarm");
            WorktreeManager manager = new WorktreeManager(settings, swarm, 0, m -> { });
            String tip = manager.baseCommit("main");
            List<Double> create = new ArrayList<>();
            for (int i = 0; i < worktrees; i++) {
                long start = System.nanoTime();
                manager.ensure("worker-" + i, tip);
                create.add((System.nanoTime() - start) / 1e6);
            }
            Path first = manager.worktreeOf("worker-0");
            long worktreeBytes = WorktreeInventory.diskUse(first) - sizeOf(first.resolve(".git"));
            long adminBytes = WorktreeInventory.diskUse(Path.of(new Git(first).ok("rev-parse", "--absolute-git-dir")));

            TaskQueue queue = InMemorySwarmStore.open(Clock.systemUTC(), 300).queue();
            List<Double> switches = new ArrayList<>();
            List<TaskInfo> done = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                TaskInfo t = queue.add(new NewTask("task-" + i, "edit", null, null));
                t = queue.update(t.taskId(), x -> x.assignedTo("worker-0", Instant.now()).running(Instant.now()));
                long start = System.nanoTime();
                Map<String, Object> fields = manager.startTask("worker-0", t);
                switches.add((System.nanoTime() - start) / 1e6);
                t = queue.update(t.taskId(), x -> TaskWorkspace.with(x, fields, Instant.now()));
                Path file = first.resolve("d" + (i % 100)).resolve("f" + i + ".txt");
                Files.writeString(file, Files.readString(file) + "changed by task " + i + "\n");
                TaskInfo finished = queue.update(t.taskId(), x -> x.finished(TaskStatus.DONE, 0, null, null,
                        Instant.now()));
                Map<String, Object> end = manager.finishTask(finished);
                done.add(queue.update(t.taskId(), x -> TaskWorkspace.with(x, end, Instant.now())));
            }
            MergeQueue merge = new MergeQueue(manager, queue, swarm, new MergeQueue.Options(null, null, null, false),
                    Clock.systemUTC(), line -> { });
            manager.ensure(MergeQueue.SCRATCH, git.ok("rev-parse", "main")); // its creation is measured above
            long start = System.nanoTime();
            List<MergeQueue.Outcome> outcomes = merge.run(done);
            double mergeMs = (System.nanoTime() - start) / 1e6;
            int merged = (int) outcomes.stream().filter(MergeQueue.Outcome::ok).count();
            return new Result(files, Percentiles.of(create), worktreeBytes, adminBytes, Percentiles.of(switches), merged,
                    mergeMs / Math.max(1, tasks), repoBytes);
        } finally {
            deleteTree(dir);
        }
    }

    /** A repository of {@code files} files of about 2 KiB in 100 directories, committed once on main. */
    static Git createRepository(Path app, int files) throws IOException {
        Files.createDirectories(app);
        Git git = new Git(app);
        git.ok("init", "--quiet", "--initial-branch=main");
        git.ok("config", "user.name", "Bench");
        git.ok("config", "user.email", "bench@localhost");
        git.ok("config", "commit.gpgSign", "false");
        String line = "the quick brown fox jumps over the lazy dog, line of a source file for the benchmark\n";
        String body = line.repeat(22);
        for (int i = 0; i < files; i++) {
            Path d = app.resolve("d" + (i % 100));
            if (i < 100) Files.createDirectories(d);
            Files.writeString(d.resolve("f" + i + ".txt"), "file " + i + "\n" + body);
        }
        git.ok("add", "--all");
        git.ok("commit", "--quiet", "-m", files + " files");
        return git;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
