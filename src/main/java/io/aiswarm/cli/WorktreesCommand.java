package io.aiswarm.cli;

import io.aiswarm.state.Json;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.workspace.DiskSpace;
import io.aiswarm.workspace.WorkspaceSettings;
import io.aiswarm.workspace.WorktreeInventory;
import io.aiswarm.workspace.WorktreeManager;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarm worktrees}: the swarm's worktrees and task branches. */
@Command(name = "worktrees", mixinStandardHelpOptions = true,
        description = "Lists the swarm's worktrees (branch, what is there, uncommitted changes, disk use) and its task "
                + "branches with where their tasks stand.")
public class WorktreesCommand extends StateCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON: {\"worktrees\": [...], \"branches\": [...]}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        WorktreeManager worktrees = manager(this);
        Map<String, TaskInfo> tasks = byId(state().queue().list());
        List<WorktreeInventory.Row> rows = WorktreeInventory.worktrees(worktrees, tasks);
        List<WorktreeInventory.BranchRow> branches = WorktreeInventory.branches(worktrees.repo(), tasks);
        if (json) {
            out().println(Json.PRETTY.writeValueAsString(Map.of("worktrees", rows, "branches", branches)));
            return SwarmMain.EXIT_OK;
        }
        out().println("worktrees of " + worktrees.repo().top() + " in " + worktrees.worktreesDir() + ":");
        out().printf("%-10s %-24s %8s %7s  %s%n", "NAME", "BRANCH", "DISK", "CHANGES", "STATE");
        for (WorktreeInventory.Row r : rows) {
            out().printf("%-10s %-24s %8s %7d  %s%n", r.name(), r.branch() == null ? "(detached)" : r.branch(),
                    size(r.bytes()), r.changes(), r.state());
        }
        if (rows.isEmpty()) out().println("(none yet: a worker's worktree is made for its first task)");
        out().println();
        out().printf("%-32s %s%n", "TASK BRANCH", "STATE");
        for (WorktreeInventory.BranchRow b : branches) out().printf("%-32s %s%n", b.branch(), b.state());
        if (branches.isEmpty()) out().println("(none)");
        return SwarmMain.EXIT_OK;
    }

    static WorktreeManager manager(StateCommand command) {
        WorkspaceSettings settings = WorkspaceSettings.require(command.config().swarmDir());
        return new WorktreeManager(settings, command.config().swarmDir(),
                DiskSpace.minimumFrom(command.config().setting(DiskSpace.ENV_MIN_FREE_MB)),
                m -> command.out().println("swarm: " + m));
    }

    static Map<String, TaskInfo> byId(List<TaskInfo> tasks) {
        Map<String, TaskInfo> map = new LinkedHashMap<>();
        for (TaskInfo t : tasks) map.put(t.taskId(), t);
        return map;
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) return (bytes + 1023) / 1024 + " KiB";
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        return String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
    }
}
