package io.aiswarm.workspace;

import io.aiswarm.state.InterProcessMutex;
import io.aiswarm.state.TaskInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code swarm clean}: removes task branches whose work is merged or empty and, while the swarm is down, the worktrees.
 * Unmerged commits and uncommitted changes are kept (and listed with the reason) unless forced; a running task's
 * branch and worktree are always kept. A worktree is moved aside before it is deleted, so a half-deleted directory
 * never passes for a worktree.
 */
public final class WorkspaceCleaner {
    /** One thing clean looked at: a branch or a worktree, whether it was removed, and why (or why not). */
    public record Action(String kind, String name, boolean removed, String reason) {
    }

    private final WorktreeManager worktrees;
    private final Repository repo;

    public WorkspaceCleaner(WorktreeManager worktrees) {
        this.worktrees = worktrees;
        this.repo = worktrees.repo();
    }

    /**
     * @param tasks the queue, by id
     * @param swarmUp the swarm's session runs: its workers' worktrees are in use and stay
     */
    public List<Action> clean(Map<String, TaskInfo> tasks, boolean swarmUp, boolean force) {
        List<Action> actions = new ArrayList<>();
        if (!swarmUp) {
            for (WorktreeEntry w : worktrees.swarmWorktrees()) actions.add(worktree(w, tasks, force));
        } else {
            actions.add(new Action("worktrees", worktrees.worktreesDir().toString(), false, "the swarm is up and its "
                    + "workers reuse them (swarm down first)"));
        }
        for (SwarmBranches.Branch b : SwarmBranches.list(repo, tasks)) actions.add(branch(b, force));
        return actions;
    }

    private Action branch(SwarmBranches.Branch b, boolean force) {
        Optional<WorktreeEntry> holder = repo.checkedOut(b.name());
        if (holder.isPresent()) return keep("branch", b.name(), "checked out in " + holder.get().path());
        TaskInfo task = b.task();
        if (task != null && task.status().isActive()) return keep("branch", b.name(), "its task is " + task.status().json());
        String why = removable(b);
        if (why == null && !force) {
            String unmerged = task == null ? "no task of that name in the queue" : "unmerged work ("
                    + (TaskWorkspace.integration(task) == null ? "not recorded" : TaskWorkspace.integration(task).json())
                    + ")";
            return keep("branch", b.name(), unmerged + "; --force removes it");
        }
        repo.git().ok("branch", "--quiet", "-D", b.name());
        return new Action("branch", b.name(), true, why != null ? why : "forced");
    }

    /** Why the branch's work is safe to drop, or null when it is not. */
    private String removable(SwarmBranches.Branch b) {
        TaskInfo task = b.task();
        if (task != null) {
            Integration state = TaskWorkspace.integration(task);
            if (state == Integration.MERGED) return b.earlierAttempt() ? "an earlier attempt of a merged task" : "merged";
            if (!b.earlierAttempt() && state == Integration.EMPTY) return "empty";
            String base = TaskWorkspace.base(task);
            if (!b.earlierAttempt() && base != null && repo.commitsBetween(base, b.commit()) == 0) return "empty";
        }
        return null;
    }

    private Action worktree(WorktreeEntry w, Map<String, TaskInfo> tasks, boolean force) {
        String name = w.path().getFileName().toString();
        Optional<String> taskId = SwarmBranches.taskOf(w.shortBranch());
        TaskInfo task = taskId.map(tasks::get).orElse(null);
        if (task != null && task.status().isActive()) return keep("worktree", name, "its task " + task.taskId()
                + " is " + task.status().json());
        if (Files.isDirectory(w.path())) {
            List<String> changes = worktrees.changes(w.path());
            if (!changes.isEmpty() && !force) {
                return keep("worktree", name, changes.size() + " uncommitted change(s), e.g. " + changes.get(0).strip()
                        + "; --force removes them");
            }
        }
        if (name.equals(MergeQueue.SCRATCH)) {
            try (InterProcessMutex.Held held = InterProcessMutex.of(repo.commonDir().resolve(MergeQueue.MERGE_LOCK))
                    .lock()) {
                remove(w.path());
            }
        } else {
            remove(w.path());
        }
        return new Action("worktree", name, true, w.shortBranch() == null ? "detached, clean" : "on " + w.shortBranch());
    }

    /** Moves the worktree aside, lets git forget it, then deletes the moved directory. */
    private void remove(Path wt) {
        Path aside = wt.resolveSibling(".removing-" + wt.getFileName() + "-" + System.nanoTime());
        try {
            if (Files.exists(wt)) Files.move(wt, aside);
            repo.git().ok("worktree", "prune");
            Files.deleteIfExists(wt.resolveSibling(wt.getFileName() + ".ready"));
            if (Files.exists(aside)) deleteTree(aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the worktree " + wt + " (" + e.getMessage() + "); what is "
                    + "left is in " + aside, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }

    private static Action keep(String kind, String name, String reason) {
        return new Action(kind, name, false, reason);
    }
}
