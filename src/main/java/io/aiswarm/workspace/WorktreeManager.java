package io.aiswarm.workspace;

import io.aiswarm.state.InterProcessMutex;
import io.aiswarm.state.TaskInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The worktrees of a swarm: one per worker, {@code <swarm dir>/worktrees/<worker>}, made the first time the worker
 * needs it and kept between tasks. Each task gets its own branch {@code swarm/<task id>}, created in the worker's
 * worktree from the tip of its base branch (the commit recorded as the task's {@code base}); when the task ends,
 * whatever it left uncommitted is committed on that branch and the worktree is detached, so the branch is free to
 * be merged, reviewed or checked out elsewhere. The person's own checkout is never written to.
 * Switching an existing worktree to a new branch rewrites only the files that differ, which is what makes a worktree
 * per worker much cheaper than a worktree per task (see docs/workspaces.md for the figures).
 */
public final class WorktreeManager {
    /** Serialises {@code git worktree add} across processes (git's own locks do not cover concurrent adds). */
    static final String ADD_LOCK = "ai-swarm-worktree.lock";
    private static final String READY = ".ready";

    private final WorkspaceSettings settings;
    private final Repository repo;
    private final Path worktreesDir;
    private final long minFreeBytes;
    private final Consumer<String> log;

    public WorktreeManager(WorkspaceSettings settings, Path swarmDir, long minFreeBytes, Consumer<String> log) {
        this.settings = settings;
        this.repo = Repository.open(settings.repo());
        this.worktreesDir = WorkspaceSettings.worktreesDir(swarmDir).toAbsolutePath().normalize();
        this.minFreeBytes = minFreeBytes;
        this.log = log;
    }

    public Repository repo() {
        return repo;
    }

    public WorkspaceSettings settings() {
        return settings;
    }

    public Path worktreesDir() {
        return worktreesDir;
    }

    public Path worktreeOf(String worker) {
        return worktreesDir.resolve(worker);
    }

    /** Where tasks run inside a worktree: the same place in it that --workdir is in the repository. */
    public Path runDir(Path worktree) {
        return settings.subdir().isEmpty() ? worktree : worktree.resolve(settings.subdir());
    }

    /** The commit a task on {@code baseBranch} starts from: the branch's tip. */
    public String baseCommit(String baseBranch) {
        return repo.branchCommit(baseBranch).orElseThrow(() -> new WorkspaceException("base branch '" + baseBranch
                + "' does not exist in " + repo.top() + ": create it, or name an existing one with --base (git branch "
                + "--list shows them); the task can then be retried with `swarm task retry`"));
    }

    /**
     * Makes sure the worker's worktree exists and is set up: created detached at {@code start} when missing (also
     * when its directory was deleted by hand), with the {@code .worktreeinclude} files and the setup command.
     */
    public Path ensure(String worker, String start) {
        Path wt = worktreeOf(worker);
        Optional<WorktreeEntry> entry = registered(wt);
        if (entry.isPresent() && !Files.isDirectory(wt)) {
            repo.git().ok("worktree", "prune");
            log.accept("the worktree " + wt + " was deleted by hand; making it again (its commits are on its "
                    + "branches, uncommitted changes there are gone)");
            entry = Optional.empty();
        }
        if (entry.isEmpty()) create(wt, start);
        if (!Files.exists(readyMarker(wt))) setUp(worker, wt);
        return wt;
    }

    /**
     * Puts the worker's worktree on the task's own new branch at the tip of its base branch; returns the fields the
     * task records (branch, base, base_branch, worktree) with its earlier integration fields cleared. What a previous
     * task left in the worktree is committed on that task's branch first ({@link #settle}).
     */
    public Map<String, Object> startTask(String worker, TaskInfo task) {
        String baseBranch = TaskWorkspace.baseBranch(task) != null ? TaskWorkspace.baseBranch(task) : settings.baseBranch();
        String base = baseCommit(baseBranch);
        Path wt = ensure(worker, base);
        settle(wt, task.taskId());
        String branch = TaskWorkspace.branchFor(task.taskId());
        freeBranch(branch, task, base);
        repo.git().in(wt).ok("switch", "--quiet", "-c", branch, base);
        return TaskWorkspace.fields(TaskWorkspace.BRANCH, branch, TaskWorkspace.BASE, base, TaskWorkspace.BASE_BRANCH,
                baseBranch, TaskWorkspace.WORKTREE, runDir(wt).toString(), TaskWorkspace.INTEGRATION, null,
                TaskWorkspace.DETAIL, null, TaskWorkspace.MERGED_COMMIT, null, TaskWorkspace.MERGED_ONTO, null);
    }

    /**
     * A task ended: what it left uncommitted in its worktree is committed on its branch, the worktree is detached
     * (the branch stays), and the task's integration is {@code empty} when its branch has no commit beyond its base,
     * else {@code unmerged}. Returns the fields to record.
     */
    public Map<String, Object> finishTask(TaskInfo task) {
        String branch = TaskWorkspace.branch(task);
        String base = TaskWorkspace.base(task);
        if (branch == null || base == null) return Map.of();
        if (task.workerId() != null) {
            Path wt = worktreeOf(task.workerId());
            if (Files.isDirectory(wt) && branch.equals(headBranch(wt).orElse(null))) {
                commitLeftovers(wt, branch, "swarm: " + task.taskId() + " " + firstLine(task.payload()),
                        "What task " + task.taskId() + " (attempt " + task.attempts() + ", " + task.status().json()
                                + ") left uncommitted, committed by AI Swarm when it ended.");
                repo.git().in(wt).ok("switch", "--quiet", "--detach");
            }
        }
        if (!repo.branchExists(branch)) return Map.of();
        Integration state = repo.commitsBetween(base, "refs/heads/" + branch) == 0 ? Integration.EMPTY
                : Integration.UNMERGED;
        return TaskWorkspace.fields(TaskWorkspace.INTEGRATION, state.json());
    }

    /**
     * Leaves the worktree clean and detached: uncommitted changes on a task branch are committed there (its task was
     * interrupted: cancelled, or its worker died); changes on a detached HEAD (made by hand) are stashed. Returns the
     * branch that was checked out, if any, so its task's state can be brought up to date.
     */
    public Optional<String> settle(Path wt, String nextTask) {
        Optional<String> branch = headBranch(wt);
        if (branch.isPresent()) {
            commitLeftovers(wt, branch.get(), "swarm: leftovers on " + branch.get(),
                    "Uncommitted changes found on " + branch.get() + " before " + nextTask + " started in this worktree "
                            + "(the task was interrupted), committed by AI Swarm.");
            repo.git().in(wt).ok("switch", "--quiet", "--detach");
        } else if (!changes(wt).isEmpty()) {
            List<String> args = new ArrayList<>(List.of("stash", "push", "--quiet", "--include-untracked", "-m",
                    "ai-swarm: changes found in " + wt + " before " + nextTask, "--"));
            args.addAll(pathspec());
            repo.commitIn(wt, args.toArray(String[]::new));
            log.accept("changes made by hand in " + wt + " were stashed (git stash list shows them) before " + nextTask);
        }
        return branch;
    }

    /** The branch checked out in a worktree; empty when detached. */
    public Optional<String> headBranch(Path wt) {
        GitResult r = repo.git().in(wt).run("symbolic-ref", "-q", "--short", "HEAD");
        return r.ok() && !r.text().isEmpty() ? Optional.of(r.text()) : Optional.empty();
    }

    /** Worktrees registered under this swarm's worktrees directory. */
    public List<WorktreeEntry> swarmWorktrees() {
        Path dir = real(worktreesDir);
        return repo.worktrees().stream().filter(w -> real(w.path()).startsWith(dir)).toList();
    }

    private Optional<WorktreeEntry> registered(Path wt) {
        Path real = real(wt);
        return repo.worktrees().stream().filter(w -> real(w.path()).equals(real)).findFirst();
    }

    /** git prints resolved paths; the swarm directory may be reached through a symbolic link. */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs;
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    private void create(Path wt, String start) {
        if (Files.exists(wt)) {
            if (!isEmptyDirectory(wt)) {
                throw new WorkspaceException(wt + " exists but is not a worktree of " + repo.top() + ": move it away "
                        + "(it was left untouched) and the worker's worktree is made again");
            }
        }
        try {
            Files.createDirectories(worktreesDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + worktreesDir + ": " + e.getMessage(), e);
        }
        DiskSpace.require(worktreesDir, minFreeBytes);
        try (InterProcessMutex.Held held = InterProcessMutex.of(repo.commonDir().resolve(ADD_LOCK)).lock()) {
            if (Files.exists(wt)) Files.delete(wt); // empty: git wants to create it
            repo.git().ok("worktree", "add", "--quiet", "--detach", wt.toString(), start);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the empty directory " + wt + ": " + e.getMessage(), e);
        }
        deleteQuietly(readyMarker(wt));
    }

    /** Copies the .worktreeinclude files and runs the setup command; a failed setup fails with its output. */
    private void setUp(String worker, Path wt) {
        List<Path> copied = WorktreeInclude.copy(repo.top(), wt);
        if (!copied.isEmpty()) log.accept("copied into " + wt + " from " + WorktreeInclude.FILE + ": " + copied);
        if (settings.setupCommand() != null) {
            CommandRun run = CommandRun.run(settings.setupCommand(), runDir(wt), settings.setupTimeout(),
                    worktreesDir.resolve(worker + ".setup.log"), Map.of("AI_SWARM_WORKTREE", wt.toString(),
                            "AI_SWARM_REPO", repo.top().toString()));
            if (!run.ok()) {
                throw new WorkspaceException("the worktree setup command `" + settings.setupCommand() + "` failed in "
                        + wt + " (" + run.outcome() + "; full output in " + run.log() + "):\n" + run.tail());
            }
        }
        try {
            Files.writeString(readyMarker(wt), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + readyMarker(wt) + ": " + e.getMessage(), e);
        }
    }

    private Path readyMarker(Path wt) {
        return wt.resolveSibling(wt.getFileName() + READY);
    }

    /**
     * Makes the task's branch name free: a branch left by an earlier attempt of this task is moved aside to
     * {@code swarm/<id>-attempt-N} when it holds commits the new base lacks (nothing is lost), else deleted. A branch
     * of that name this swarm did not make is refused, as is one checked out in a checkout that is not the swarm's.
     */
    private void freeBranch(String branch, TaskInfo task, String base) {
        if (!repo.branchExists(branch)) return;
        Optional<WorktreeEntry> holder = repo.checkedOut(branch);
        if (holder.isPresent()) {
            if (!real(holder.get().path()).startsWith(real(worktreesDir))) {
                throw new WorkspaceException("branch " + branch + " is checked out in " + holder.get().path() + ", which "
                        + "is not one of the swarm's worktrees: switch that checkout to another branch, then `swarm task "
                        + "retry " + task.taskId() + "`");
            }
            settle(holder.get().path(), task.taskId());
        }
        boolean ours = branch.equals(TaskWorkspace.branch(task));
        boolean holdsWork = repo.commitsBetween(base, "refs/heads/" + branch) > 0;
        if (!holdsWork) {
            repo.git().ok("branch", "--quiet", "-D", branch);
        } else if (!ours) {
            throw new WorkspaceException("branch " + branch + " already exists in " + repo.top() + " with commits of its "
                    + "own, and this swarm did not make it for task " + task.taskId() + ": rename it (git branch -m "
                    + branch + " NEW-NAME), then `swarm task retry " + task.taskId() + "`");
        } else {
            String aside = firstFreeName(branch + "-attempt-");
            repo.git().ok("branch", "--quiet", "-m", branch, aside);
            log.accept("the earlier attempt's commits of " + task.taskId() + " are kept on branch " + aside);
        }
    }

    private String firstFreeName(String prefix) {
        for (int n = 1; ; n++) if (!repo.branchExists(prefix + n)) return prefix + n;
    }

    /**
     * Uncommitted changes in a swarm worktree, leaving out the files the swarm wrote there itself (an agent's hook
     * settings): those are never committed.
     */
    public List<String> changes(Path wt) {
        List<String> args = new ArrayList<>(List.of("status", "--porcelain", "--untracked-files=all", "--"));
        args.addAll(pathspec());
        String out = repo.git().in(wt).ok(args.toArray(String[]::new));
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** Everything but the swarm's own files, as git pathspecs. */
    private List<String> pathspec() {
        List<String> spec = new ArrayList<>(List.of(":/"));
        for (String own : settings.ownPaths()) spec.add(":(top,exclude,literal)" + own);
        return spec;
    }

    private void commitLeftovers(Path wt, String branch, String subject, String body) {
        if (changes(wt).isEmpty()) return;
        Git git = repo.git().in(wt);
        List<String> add = new ArrayList<>(List.of("add", "--all", "--"));
        add.addAll(pathspec());
        git.ok(add.toArray(String[]::new));
        repo.commitIn(wt, "commit", "--quiet", "--no-verify", "-m", subject, "-m", body);
        log.accept("committed what was left in " + wt + " on " + branch);
    }

    private static String firstLine(String text) {
        String line = text.strip().split("\n", 2)[0];
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale marker only means the setup runs again
        }
    }
}
