package io.aiswarm.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A git repository with a working tree, as the person checked it out: its top-level directory, the common git
 * directory shared by all its worktrees, branches and worktrees. Opening it checks git and says plainly what is
 * wrong with the directory (not a repository, bare).
 */
public final class Repository {
    private final Git git;
    private final Path commonDir;
    private volatile List<String> commitOptions;

    private Repository(Git git, Path commonDir) {
        this.git = git;
        this.commonDir = commonDir;
    }

    /** The repository containing {@code dir}; throws {@link NotARepositoryException} when there is none. */
    public static Repository open(Path dir) {
        Git.checkInstalled();
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) throw new GitException(abs + " is not a directory");
        Git at = new Git(abs);
        GitResult bare = at.run("rev-parse", "--is-bare-repository");
        if (!bare.ok()) {
            throw new NotARepositoryException(abs + " is not in a git repository (" + bare.err().strip() + ")");
        }
        if (bare.text().equals("true")) {
            throw new GitException(abs + " is a bare repository: it has no checkout for tasks to start from; point "
                    + "--workdir at a clone with a working tree (git clone " + abs + " DIR), or use --no-worktrees");
        }
        GitResult top = at.run("rev-parse", "--show-toplevel");
        if (!top.ok() || top.text().isEmpty()) {
            throw new GitException(abs + " is inside a git directory, not a working tree: point --workdir at the "
                    + "checkout");
        }
        Path topDir = Path.of(top.text()).toAbsolutePath().normalize();
        Path common = Path.of(at.ok("rev-parse", "--git-common-dir"));
        if (!common.isAbsolute()) common = abs.resolve(common);
        return new Repository(at.in(topDir), common.normalize());
    }

    public Path top() {
        return git.dir();
    }

    public Git git() {
        return git;
    }

    /** The git directory every worktree shares (.git of the main checkout): where cross-process locks live. */
    public Path commonDir() {
        return commonDir;
    }

    /** The branch checked out in the top-level checkout; empty when HEAD is detached. */
    public Optional<String> currentBranch() {
        GitResult r = git.run("symbolic-ref", "-q", "--short", "HEAD");
        return r.ok() && !r.text().isEmpty() ? Optional.of(r.text()) : Optional.empty();
    }

    /** The commit a local branch points to. */
    public Optional<String> branchCommit(String branch) {
        return commit("refs/heads/" + branch);
    }

    /** The commit of any revision (a ref, a sha), or empty when it names none. */
    public Optional<String> commit(String revision) {
        GitResult r = git.run("rev-parse", "-q", "--verify", revision + "^{commit}");
        return r.ok() ? Optional.of(r.text()) : Optional.empty();
    }

    public boolean branchExists(String branch) {
        return branchCommit(branch).isPresent();
    }

    /** A branch name git accepts (check-ref-format). */
    public boolean isValidBranchName(String branch) {
        return git.run("check-ref-format", "--branch", branch).ok();
    }

    public List<WorktreeEntry> worktrees() {
        return WorktreeEntry.parse(git.ok("worktree", "list", "--porcelain"));
    }

    /** The worktree where this branch is checked out, if any. */
    public Optional<WorktreeEntry> checkedOut(String branch) {
        String ref = "refs/heads/" + branch;
        return worktrees().stream().filter(w -> ref.equals(w.branch())).findFirst();
    }

    /** Commits on {@code tip} that {@code base} lacks. */
    public int commitsBetween(String base, String tip) {
        return Integer.parseInt(git.ok("rev-list", "--count", base + ".." + tip));
    }

    public boolean isAncestor(String maybeAncestor, String of) {
        return git.run("merge-base", "--is-ancestor", maybeAncestor, of).ok();
    }

    /**
     * Options for the commits the swarm itself makes: never signed (a pinentry would hang the master), and an
     * identity of last resort when the repository has none (a fresh machine, a test's HOME).
     */
    public List<String> commitOptions() {
        List<String> known = commitOptions;
        if (known == null) {
            boolean hasIdentity = git.run("config", "user.email").ok() && git.run("config", "user.name").ok();
            known = hasIdentity ? List.of("-c", "commit.gpgSign=false")
                    : List.of("-c", "commit.gpgSign=false", "-c", "user.name=AI Swarm", "-c", "user.email=ai-swarm@localhost");
            commitOptions = known;
        }
        return known;
    }

    /** Runs git in {@code tree} with {@link #commitOptions()} before {@code args}. */
    public String commitIn(Path tree, String... args) {
        List<String> all = new java.util.ArrayList<>(commitOptions());
        all.addAll(List.of(args));
        return git.in(tree).ok(all.toArray(String[]::new));
    }

    /** Uncommitted changes of a working tree, tracked or untracked (ignored files do not count), as porcelain lines. */
    public List<String> changes(Path tree) {
        String out = git.in(tree).ok("status", "--porcelain", "--untracked-files=all");
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
