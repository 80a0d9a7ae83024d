package io.aiswarm.cli;

import io.aiswarm.state.Json;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.workspace.Repository;
import io.aiswarm.workspace.TaskReview;
import io.aiswarm.workspace.WorkspaceSettings;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarm review ID}: what a task changed on its branch. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"Shows what a task changed: its commits against its base, a diff stat and the diff.",
                "A running task shows its worktree as it is now; a merged task whose branch was cleaned shows what "
                        + "the merge added."})
public class ReviewCommand extends StateCommand.OnTask implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON: task_id, status, integration, branch, base, base_branch, "
            + "range, commits [{sha, author, date, subject}], files [{path, added, deleted}], stat, diff, note.")
    boolean json;

    @Option(names = "--stat", description = "Leave the diff out (commits and diff stat only).")
    boolean statOnly;

    @Override
    public Integer call() throws IOException {
        TaskInfo task = state().queue().get(id).orElseThrow(() -> TaskCommand.noSuchTask(id));
        Repository repo = Repository.open(WorkspaceSettings.require(config().swarmDir()).repo());
        TaskReview r = TaskReview.of(repo, task);
        if (json) {
            out().println(Json.PRETTY.writeValueAsString(r));
            return SwarmMain.EXIT_OK;
        }
        out().println(r.taskId() + "  " + r.status() + (r.integration() == null ? "" : " · " + r.integration())
                + "  branch " + r.branch() + (task.workerId() == null ? "" : " (" + task.workerId() + ")"));
        out().println("base " + r.base().substring(0, Math.min(12, r.base().length()))
                + (r.baseBranch() == null ? "" : " (" + r.baseBranch() + ")"));
        if (r.note() != null) out().println("note: " + r.note());
        out().println("commits (" + r.commits().size() + "):");
        for (TaskReview.Commit c : r.commits()) out().println("  " + c.sha().substring(0, 10) + " " + c.subject());
        out().println(r.stat().isEmpty() ? "no changes" : r.stat());
        if (!statOnly && !r.diff().isEmpty()) {
            out().println();
            out().println(r.diff());
        }
        return SwarmMain.EXIT_OK;
    }
}
