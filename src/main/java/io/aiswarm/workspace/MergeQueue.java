package io.aiswarm.workspace;

import io.aiswarm.state.InterProcessMutex;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code swarm merge}: brings finished tasks' branches into their target branch one by one, in queue order. Each is
 * rebased (or merged) onto the target's current tip in a scratch worktree, the verify command runs there, and only
 * when it is green does the target move, with a compare-and-swap ({@code git update-ref REF NEW OLD}) so that a change
 * made meanwhile is never overwritten. The target moves in that one atomic step: a merge killed at any moment leaves
 * it before or after the task, never between (a journal lets the next run finish the bookkeeping). When the target is
 * checked out in the person's working tree, that tree follows the move; if it has uncommitted changes the queue
 * refuses to move it. A conflict or a red verify leaves the target as it was, marks the task, and the queue goes on.
 */
public final class MergeQueue {
    static final String MERGE_LOCK = "ai-swarm-merge.lock";
    /** The scratch worktree's name under the worktrees directory (not a worker's). */
    public static final String SCRATCH = ".merge";
    private static final int CAS_ATTEMPTS = 3;

    /** How to merge: into which branch (null: each task's base branch), the verify command and its time limit. */
    public record Options(String into, String verify, Duration verifyTimeout, boolean mergeCommit) {
    }

    /** What happened to one task. {@code detail}: conflicting files, the failing output, or why it was skipped. */
    public record Outcome(String taskId, String result, String commit, String detail) {
        public boolean ok() {
            return result.equals(Integration.MERGED.json()) || result.equals("already merged");
        }
    }

    private final WorktreeManager worktrees;
    private final Repository repo;
    private final TaskQueue queue;
    private final MergeJournal journal;
    private final Options options;
    private final Clock clock;
    private final Consumer<String> say;

    public MergeQueue(WorktreeManager worktrees, TaskQueue queue, Path swarmDir, Options options, Clock clock,
                      Consumer<String> say) {
        this.worktrees = worktrees;
        this.repo = worktrees.repo();
        this.queue = queue;
        this.journal = new MergeJournal(swarmDir);
        this.options = options;
        this.clock = clock;
        this.say = say;
    }

    /** Merges these tasks (already in queue order); holds the repository's merge lock meanwhile. */
    public List<Outcome> run(List<TaskInfo> tasks) {
        try (InterProcessMutex.Held held = InterProcessMutex.of(repo.commonDir().resolve(MERGE_LOCK)).lock()) {
            recover();
            List<Outcome> outcomes = new ArrayList<>();
            for (TaskInfo task : tasks) {
                Outcome o = mergeOne(queue.get(task.taskId()).orElse(task));
                outcomes.add(o);
                say.accept(o.taskId() + ": " + o.result() + (o.commit() == null ? "" : " as " + shortSha(o.commit()))
                        + (o.detail() == null ? "" : " (" + o.detail() + ")"));
                if (o.result().equals("refused")) break; // the person's checkout is dirty: nothing more can move
            }
            return outcomes;
        }
    }

    /** A merge killed after it moved the target: the task is marked merged and the person's tree brought along. */
    private void recover() {
        Optional<MergeJournal.Entry> left = journal.read();
        if (left.isEmpty()) return;
        MergeJournal.Entry e = left.get();
        String now = repo.branchCommit(e.target()).orElse(null);
        if (now != null && (now.equals(e.newCommit()) || repo.isAncestor(e.newCommit(), now))) {
            say.accept("an earlier merge of " + e.taskId() + " into " + e.target() + " was interrupted after it moved "
                    + "the branch; finishing it");
            if (e.tree() != null && now.equals(e.newCommit())) syncTree(Path.of(e.tree()), e.oldCommit(), e.newCommit());
            markMerged(e.taskId(), e.newCommit(), e.oldCommit());
        }
        journal.clear();
    }

    private Outcome mergeOne(TaskInfo task) {
        String id = task.taskId();
        Optional<String> unfit = unfit(task);
        if (unfit.isPresent()) return new Outcome(id, unfit.get().startsWith("already") ? "already merged" : "skipped",
                null, unfit.get());
        String target = options.into() != null ? options.into()
                : TaskWorkspace.baseBranch(task) != null ? TaskWorkspace.baseBranch(task) : worktrees.settings().baseBranch();
        for (int attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
            String old = repo.branchCommit(target).orElse(null);
            if (old == null) return new Outcome(id, "skipped", null, "target branch " + target + " does not exist");
            Optional<WorktreeEntry> tree = repo.checkedOut(target);
            Optional<String> dirty = tree.flatMap(t -> dirtiness(t.path()));
            if (dirty.isPresent()) return new Outcome(id, "refused", null, dirty.get());
            Applied applied = apply(task, old);
            if (applied.conflict() != null) {
                return mark(task, Integration.CONFLICT, "conflicting files: " + applied.conflict() + "; retry the task "
                        + "on the new tip with `swarm task retry " + id + "`");
            }
            if (applied.commit().equals(old) || repo.isAncestor(applied.commit(), old)) {
                markMerged(id, old, old);
                return new Outcome(id, "already merged", old, "its changes are already in " + target);
            }
            if (options.verify() != null) {
                CommandRun run = CommandRun.run(options.verify(), worktrees.runDir(scratch()), options.verifyTimeout(),
                        worktrees.worktreesDir().resolve(SCRATCH + ".logs").resolve(id + ".verify.log"),
                        Map.of("AI_SWARM_TASK_ID", id, "AI_SWARM_MERGE_TARGET", target));
                if (!run.ok()) {
                    return mark(task, Integration.VERIFY_FAILED, "`" + options.verify() + "` " + run.outcome()
                            + "; full output in " + run.log() + ":\n" + run.tail().strip());
                }
            }
            if (tree.isPresent()) {
                Optional<String> blocked = wouldBlock(tree.get().path(), old, applied.commit());
                if (blocked.isPresent()) return new Outcome(id, "refused", null, blocked.get());
            }
            journal.write(new MergeJournal.Entry(id, target, old, applied.commit(),
                    tree.map(t -> t.path().toString()).orElse(null)));
            GitResult cas = repo.git().run("update-ref", "-m", "swarm merge " + id, "refs/heads/" + target,
                    applied.commit(), old);
            if (!cas.ok()) {
                journal.clear();
                say.accept(target + " moved while " + id + " was being merged; starting it again on the new tip");
                continue;
            }
            tree.ifPresent(t -> syncTree(t.path(), old, applied.commit()));
            markMerged(id, applied.commit(), old);
            journal.clear();
            return new Outcome(id, Integration.MERGED.json(), applied.commit(), "into " + target);
        }
        return new Outcome(id, "skipped", null, target + " kept moving during the merge; run swarm merge again");
    }

    /** Why a task cannot be merged now, or empty. */
    private static Optional<String> unfit(TaskInfo task) {
        if (TaskWorkspace.branch(task) == null) return Optional.of("it has no branch (it did not run in a worktree)");
        if (task.status() != TaskStatus.DONE) {
            return Optional.of("it is " + task.status().json() + ": only done tasks are merged (retry a failed one)");
        }
        Integration state = TaskWorkspace.integration(task);
        if (state == Integration.MERGED) return Optional.of("already merged");
        if (state == Integration.EMPTY) return Optional.of("it changed nothing");
        if (state == null) return Optional.of("its end has not been recorded yet (the master records it)");
        return Optional.empty();
    }

    /** The task's commits on top of {@code onto}, in the scratch worktree: the new commit, or the conflicting files. */
    private Applied apply(TaskInfo task, String onto) {
        Path scratch = scratch();
        Git git = repo.git().in(scratch);
        git.ok("checkout", "--quiet", "--force", "--detach", onto);
        git.ok("clean", "--quiet", "-fd"); // ignored files (installed dependencies) stay for the verify command
        String tip = repo.branchCommit(TaskWorkspace.branch(task)).orElseThrow(() -> new WorkspaceException("branch "
                + TaskWorkspace.branch(task) + " of " + task.taskId() + " no longer exists"));
        List<String> args = new ArrayList<>(repo.commitOptions());
        args.addAll(List.of("-c", "core.hooksPath=/dev/null"));
        if (options.mergeCommit()) {
            args.addAll(List.of("merge", "--quiet", "--no-ff", "--no-edit", "-m", "swarm: merge " + task.taskId()
                    + " (" + TaskWorkspace.branch(task) + ")", tip));
        } else {
            args.addAll(List.of("rebase", "--quiet", "--onto", onto, TaskWorkspace.base(task), tip));
        }
        GitResult r = git.run(args.toArray(String[]::new));
        if (!r.ok()) {
            String files = git.run("diff", "--name-only", "--diff-filter=U").text().replace('\n', ' ').strip();
            git.run(options.mergeCommit() ? "merge" : "rebase", "--abort");
            if (files.isEmpty()) throw git.failure(r, args.toArray(String[]::new));
            return new Applied(null, files);
        }
        return new Applied(git.ok("rev-parse", "HEAD"), null);
    }

    private Path scratch() {
        return worktrees.ensure(SCRATCH, repo.branchCommit(worktrees.settings().baseBranch())
                .orElseGet(() -> repo.git().ok("rev-parse", "HEAD")));
    }

    /** Tracked changes in a checkout of the target: the queue will not move a branch under someone's edits. */
    private Optional<String> dirtiness(Path tree) {
        String changes = repo.git().in(tree).ok("status", "--porcelain", "--untracked-files=no");
        if (changes.isEmpty()) return Optional.empty();
        return Optional.of("the target is checked out in " + tree + ", which has uncommitted changes (" + changes
                .replace('\n', ',').strip() + "): commit or stash them, or merge --into another branch; nothing was "
                + "changed");
    }

    /** Untracked files in the checkout that the move would overwrite. */
    private Optional<String> wouldBlock(Path tree, String old, String now) {
        GitResult dry = repo.git().in(tree).run("read-tree", "-m", "-u", "--dry-run", old, now);
        if (dry.ok()) return Optional.empty();
        return Optional.of("moving the target would overwrite files in " + tree + " (" + dry.err().strip()
                + "): move them away; nothing was changed");
    }

    /** The person's checkout of the target follows the branch's move (index and files, as a fast-forward would). */
    private void syncTree(Path tree, String old, String now) {
        GitResult r = repo.git().in(tree).run("read-tree", "-m", "-u", old, now);
        if (!r.ok()) {
            say.accept("the branch moved, but " + tree + " could not follow (" + r.err().strip() + "): once its "
                    + "changes are out of the way, run: git -C " + tree + " read-tree -m -u " + old + " " + now);
        }
    }

    private Outcome mark(TaskInfo task, Integration state, String detail) {
        Instant now = clock.instant();
        queue.update(task.taskId(), t -> TaskWorkspace.with(t, TaskWorkspace.fields(TaskWorkspace.INTEGRATION,
                state.json(), TaskWorkspace.DETAIL, detail), now));
        return new Outcome(task.taskId(), state.json(), null, detail);
    }

    private void markMerged(String id, String commit, String onto) {
        Instant now = clock.instant();
        queue.update(id, t -> TaskWorkspace.with(t, TaskWorkspace.fields(TaskWorkspace.INTEGRATION,
                Integration.MERGED.json(), TaskWorkspace.DETAIL, null, TaskWorkspace.MERGED_COMMIT, commit,
                TaskWorkspace.MERGED_ONTO, onto), now));
    }

    static String shortSha(String sha) {
        return sha.length() > 10 ? sha.substring(0, 10) : sha;
    }

    private record Applied(String commit, String conflict) {
    }
}
