package io.aiswarm.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aiswarm.state.TaskInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a task changed, for a person (`swarm review`) or the live views: its commits against its base, a diff stat and
 * the diff. A task still running is shown with what is in its worktree now; a merged task whose branch was cleaned
 * away with what it merged.
 */
public record TaskReview(@JsonProperty("task_id") String taskId, @JsonProperty("status") String status,
                         @JsonProperty("integration") String integration, @JsonProperty("branch") String branch,
                         @JsonProperty("base") String base, @JsonProperty("base_branch") String baseBranch,
                         @JsonProperty("range") String range, @JsonProperty("commits") List<Commit> commits,
                         @JsonProperty("files") List<FileChange> files, @JsonProperty("stat") String stat,
                         @JsonProperty("diff") String diff, @JsonProperty("note") String note) {
    /** One commit of the task. */
    public record Commit(@JsonProperty("sha") String sha, @JsonProperty("author") String author,
                         @JsonProperty("date") String date, @JsonProperty("subject") String subject) {
    }

    /** One changed file: lines added and deleted (null for a binary file). */
    public record FileChange(@JsonProperty("path") String path, @JsonProperty("added") Integer added,
                             @JsonProperty("deleted") Integer deleted) {
    }

    /** Reviews the task; throws a {@link WorkspaceException} saying why when the task has nothing to review. */
    public static TaskReview of(Repository repo, TaskInfo task) {
        String branch = TaskWorkspace.branch(task);
        String base = TaskWorkspace.base(task);
        if (branch == null || base == null) {
            throw new WorkspaceException("task " + task.taskId() + " has no branch: it has not started in a worktree"
                    + " (or ran without worktrees), so there is nothing to review");
        }
        Git git = repo.git();
        String note = null;
        String tip = "refs/heads/" + branch;
        String merged = text(task, TaskWorkspace.MERGED_COMMIT);
        String onto = text(task, TaskWorkspace.MERGED_ONTO);
        List<String> diffFrom = new ArrayList<>(List.of(base, tip));
        if (task.status().isActive() && TaskWorkspace.worktree(task) != null
                && Files.isDirectory(Path.of(TaskWorkspace.worktree(task)))) {
            git = git.in(Path.of(TaskWorkspace.worktree(task)));
            diffFrom = List.of(base); // the worktree as it is now, committed or not
            tip = "HEAD";
            note = "the task is still " + task.status().json() + ": this is its worktree as it is now (new files it"
                    + " has not committed are left out until it ends)";
        } else if (!repo.branchExists(branch)) {
            if (merged == null || onto == null) {
                throw new WorkspaceException("branch " + branch + " of task " + task.taskId() + " no longer exists"
                        + " and the task was not merged: nothing left to review");
            }
            base = onto;
            tip = merged;
            diffFrom = List.of(onto, merged);
            note = "the branch was removed after the merge: this is what the merge added";
        }
        String range = base + ".." + tip;
        List<Commit> commits = new ArrayList<>();
        String log = git.ok("log", "--no-color", "--format=%H%x1f%an%x1f%aI%x1f%s", range);
        for (String line : log.isEmpty() ? new String[0] : log.split("\n")) {
            String[] f = line.split("\u001f", 4);
            commits.add(new Commit(f[0], f[1], f[2], f.length > 3 ? f[3] : ""));
        }
        List<FileChange> files = new ArrayList<>();
        String numstat = git.ok(diff(diffFrom, "--numstat"));
        for (String line : numstat.isEmpty() ? new String[0] : numstat.split("\n")) {
            String[] f = line.split("\t", 3);
            files.add(new FileChange(f[2], number(f[0]), number(f[1])));
        }
        String stat = git.ok(diff(diffFrom, "--stat=100"));
        String diff = git.ok(diff(diffFrom));
        return new TaskReview(task.taskId(), task.status().json(), text(task, TaskWorkspace.INTEGRATION), branch, base,
                TaskWorkspace.baseBranch(task), range, commits, files, stat, diff, note);
    }

    /** The diff cut to {@code max} characters (a live view shows the start of a huge one). */
    public String diffUpTo(int max) {
        return diff.length() <= max ? diff : diff.substring(0, max) + "\n... (" + (diff.length() - max)
                + " more characters: swarm review " + taskId + ")";
    }

    /** {@code diff OPTIONS REVS --}. */
    private static String[] diff(List<String> revs, String... options) {
        List<String> all = new ArrayList<>(List.of("diff", "--no-color"));
        all.addAll(List.of(options));
        all.addAll(revs);
        all.add("--");
        return all.toArray(String[]::new);
    }

    private static Integer number(String s) {
        return s.equals("-") ? null : Integer.valueOf(s);
    }

    private static String text(TaskInfo t, String key) {
        Object v = t.extra().get(key);
        return v == null ? null : v.toString();
    }
}
