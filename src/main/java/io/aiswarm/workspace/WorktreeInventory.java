package io.aiswarm.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aiswarm.state.TaskInfo;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code swarm worktrees}: the swarm's worktrees with their branch, state and disk use, and its task branches. */
public final class WorktreeInventory {
    /** One worktree. {@code state}: what is there (the task and how it stands, idle, missing). */
    public record Row(@JsonProperty("name") String name, @JsonProperty("path") String path,
                      @JsonProperty("branch") String branch, @JsonProperty("head") String head,
                      @JsonProperty("state") String state, @JsonProperty("changes") int changes,
                      @JsonProperty("bytes") long bytes) {
    }

    /** One task branch and where its task stands. */
    public record BranchRow(@JsonProperty("branch") String branch, @JsonProperty("task_id") String taskId,
                            @JsonProperty("state") String state) {
    }

    private WorktreeInventory() {
    }

    public static List<Row> worktrees(WorktreeManager worktrees, Map<String, TaskInfo> tasks) {
        List<Row> rows = new ArrayList<>();
        for (WorktreeEntry w : worktrees.swarmWorktrees()) {
            String name = w.path().getFileName().toString();
            boolean exists = Files.isDirectory(w.path());
            String state;
            if (!exists) {
                state = "missing (deleted by hand; made again when needed, `git worktree prune` forgets it)";
            } else if (name.equals(MergeQueue.SCRATCH)) {
                state = "the merge queue's scratch worktree";
            } else {
                state = SwarmBranches.taskOf(w.shortBranch()).map(id -> describe(id, tasks.get(id))).orElse("idle");
            }
            rows.add(new Row(name, w.path().toString(), w.shortBranch(), w.head(), state,
                    exists ? worktrees.changes(w.path()).size() : 0, exists ? diskUse(w.path()) : 0));
        }
        return rows;
    }

    public static List<BranchRow> branches(Repository repo, Map<String, TaskInfo> tasks) {
        List<BranchRow> rows = new ArrayList<>();
        for (SwarmBranches.Branch b : SwarmBranches.list(repo, tasks)) {
            String state = b.task() == null ? "no such task in the queue"
                    : (b.earlierAttempt() ? "earlier attempt; task " : "") + describe(b.taskId(), b.task());
            rows.add(new BranchRow(b.name(), b.taskId(), state));
        }
        return rows;
    }

    private static String describe(String id, TaskInfo task) {
        if (task == null) return id + " (not in the queue)";
        Integration i = TaskWorkspace.integration(task);
        return id + " " + task.status().json() + (i == null ? "" : " · " + i.json());
    }

    /** Bytes of the files under {@code dir} (links not followed). */
    public static long diskUse(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }
}
