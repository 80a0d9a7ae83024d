package io.aiswarm.cli;

import io.aiswarm.state.Durations;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.workspace.DiskSpace;
import io.aiswarm.workspace.Integration;
import io.aiswarm.workspace.MergeQueue;
import io.aiswarm.workspace.TaskWorkspace;
import io.aiswarm.workspace.WorkspaceSettings;
import io.aiswarm.workspace.WorktreeManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swarm merge}: the merge queue (see {@link MergeQueue}). */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Integrates finished tasks, one by one in queue order: each task's branch is rebased onto the "
                + "target's current tip in a scratch worktree, --verify runs there, and the target moves only when it "
                + "is green (and only if nobody moved it meanwhile).",
                "A checkout of the target in your working tree follows the move; with uncommitted changes there the "
                        + "merge refuses. A conflict or a red verify leaves the target as it was, marks the task "
                        + "(conflict, verify_failed) and goes on; `swarm task retry ID` runs a conflicted task again "
                        + "from the new tip.",
                "Exit 1 when any task was not merged."})
public class MergeCommand extends StateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", arity = "0..*", description = "Tasks to merge (or --all).")
    List<String> ids;

    @Option(names = "--all", description = "Every done task whose branch is unmerged.")
    boolean all;

    @Option(names = "--verify", paramLabel = "CMD", description = "Shell command that must succeed on the merged "
            + "result (e.g. 'make test'), run in the scratch worktree.")
    String verify;

    @Option(names = "--verify-timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "Time limit of --verify (default: 30m; 90s, 1h30m, or plain seconds).")
    String verifyTimeout;

    @Option(names = "--into", paramLabel = "BRANCH", description = "Target branch (default: each task's base branch).")
    String into;

    @Option(names = "--merge-commit", description = "Merge with a merge commit instead of rebasing the task's commits.")
    boolean mergeCommit;

    @Override
    public Integer call() {
        if (all == (ids != null && !ids.isEmpty())) {
            throw new IllegalArgumentException("name the tasks to merge, or --all (not both)");
        }
        Duration verifyLimit = Durations.parse("--verify-timeout", verifyTimeout);
        WorkspaceSettings settings = WorkspaceSettings.require(config().swarmDir());
        WorktreeManager worktrees = new WorktreeManager(settings, config().swarmDir(),
                DiskSpace.minimumFrom(config().setting(DiskSpace.ENV_MIN_FREE_MB)), m -> out().println("swarm: " + m));
        if (into != null && !worktrees.repo().branchExists(into)) {
            throw new IllegalArgumentException("--into " + into + ": no such branch in " + worktrees.repo().top());
        }
        List<TaskInfo> tasks = chosen(state().queue().list());
        if (tasks.isEmpty()) {
            out().println("swarm: nothing to merge (no done task with unmerged work)");
            return SwarmMain.EXIT_OK;
        }
        MergeQueue queue = new MergeQueue(worktrees, state().queue(), config().swarmDir(),
                new MergeQueue.Options(into, verify, verifyLimit, mergeCommit), Clock.systemUTC(),
                line -> {
                    out().println(line);
                    out().flush();
                });
        List<MergeQueue.Outcome> outcomes = queue.run(tasks);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (MergeQueue.Outcome o : outcomes) counts.merge(o.result(), 1, Integer::sum);
        out().println("swarm: " + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()
                .toString().replaceAll("[\\[\\]]", "") + (outcomes.size() < tasks.size()
                ? "; " + (tasks.size() - outcomes.size()) + " not tried" : ""));
        boolean allOk = outcomes.size() == tasks.size() && outcomes.stream().allMatch(MergeQueue.Outcome::ok);
        return allOk ? SwarmMain.EXIT_OK : SwarmMain.EXIT_FAILURE;
    }

    /** The tasks to merge, in queue order: the named ones, or every done one with unmerged work. */
    private List<TaskInfo> chosen(List<TaskInfo> queue) {
        if (all) {
            return queue.stream().filter(t -> t.status() == TaskStatus.DONE
                    && TaskWorkspace.integration(t) == Integration.UNMERGED).toList();
        }
        List<TaskInfo> named = new ArrayList<>();
        for (String id : ids) {
            if (queue.stream().noneMatch(t -> t.taskId().equals(id))) throw TaskCommand.noSuchTask(id);
        }
        for (TaskInfo t : queue) if (ids.contains(t.taskId())) named.add(t);
        return named;
    }
}
