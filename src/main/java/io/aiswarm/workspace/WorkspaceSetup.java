package io.aiswarm.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@code swarm up} decides about worktrees for its --workdir: a git repository gets them (unless
 * --no-worktrees), anything else runs as before. Bad input (a bare repository, a detached HEAD without --base, a
 * base branch that does not exist, git missing in a repository) is an error that says what to do.
 */
public final class WorkspaceSetup {
    /** The settings to write (empty: no worktrees) and one line telling the person what happens. */
    public record Decision(Optional<WorkspaceSettings> settings, String message) {
    }

    private WorkspaceSetup() {
    }

    public static Decision decide(Path workdir, String base, String setup, Duration setupTimeout, boolean noWorktrees) {
        Path dir = workdir.toAbsolutePath().normalize();
        if (noWorktrees) {
            return new Decision(Optional.empty(), "--no-worktrees: every worker works in " + dir + " itself, on one "
                    + "branch and one index: workers that edit the same files overwrite each other, their changes mix "
                    + "with yours, and nothing can be reviewed or merged task by task");
        }
        Repository repo;
        try {
            repo = Repository.open(dir);
        } catch (NotARepositoryException e) {
            if (base != null) throw new IllegalArgumentException("--base " + base + ": " + e.getMessage());
            return new Decision(Optional.empty(), dir + " is not a git repository: workers work in it directly "
                    + "(no worktrees)");
        } catch (GitException e) {
            if (!insideGitCheckout(dir) && base == null) {
                return new Decision(Optional.empty(), "git is not usable (" + e.getMessage() + "); " + dir + " has no "
                        + ".git: workers work in it directly (no worktrees)");
            }
            throw e;
        }
        String baseBranch = base;
        if (baseBranch == null) {
            baseBranch = repo.currentBranch().orElseThrow(() -> new IllegalArgumentException("HEAD is detached in "
                    + repo.top() + ": name the branch tasks start from with --base BRANCH (or check out a branch), or "
                    + "use --no-worktrees"));
        }
        String tip = repo.branchCommit(baseBranch).orElse(null);
        if (tip == null) {
            throw new IllegalArgumentException("--base " + baseBranch + ": no such branch in " + repo.top()
                    + " (git branch --list shows them)");
        }
        Path real = WorktreeManager.real(dir);
        Path top = WorktreeManager.real(repo.top());
        String subdir = real.startsWith(top) ? top.relativize(real).toString() : "";
        WorkspaceSettings settings = new WorkspaceSettings(repo.top(), subdir, baseBranch, setup, setupTimeout);
        return new Decision(Optional.of(settings), "worktrees: each worker works in its own git worktree, each task "
                + "on its own branch swarm/<task id> from " + baseBranch + " (now " + tip.substring(0, 10) + "); "
                + "your checkout " + repo.top() + " is never touched. Review with `swarm review ID`, integrate with "
                + "`swarm merge`");
    }

    private static boolean insideGitCheckout(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) if (Files.exists(p.resolve(".git"))) return true;
        return false;
    }
}
