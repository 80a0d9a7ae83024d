package io.aiswarm.cli;

import io.aiswarm.master.SwarmSession;
import io.aiswarm.tmux.TmuxSwarmManager;
import io.aiswarm.workspace.WorkspaceCleaner;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarm clean}: removes what is merged or empty (see {@link WorkspaceCleaner}). */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Removes task branches whose work is merged or empty and, once the swarm is down, the "
                + "worktrees (moved aside, then deleted).",
                "Unmerged commits and uncommitted changes are kept, and listed with the reason, unless --force; a "
                        + "running task's branch and worktree are always kept."})
public class CleanCommand extends StateCommand implements Callable<Integer> {
    @Option(names = "--force", description = "Also remove unmerged branches and worktrees with uncommitted changes.")
    boolean force;

    @Override
    public Integer call() {
        var worktrees = WorktreesCommand.manager(this);
        List<WorkspaceCleaner.Action> actions = new WorkspaceCleaner(worktrees).clean(
                WorktreesCommand.byId(state().queue().list()), swarmUp(), force);
        int removed = 0;
        for (WorkspaceCleaner.Action a : actions) {
            out().println((a.removed() ? "removed " : "kept    ") + a.kind() + " " + a.name() + " (" + a.reason() + ")");
            if (a.removed()) removed++;
        }
        out().println("swarm: removed " + removed + ", kept " + (actions.size() - removed));
        return SwarmMain.EXIT_OK;
    }

    private boolean swarmUp() {
        try {
            return TmuxSwarmManager.sessionExists(config().tmuxSocket(), SwarmSession.name(config().cluster()));
        } catch (RuntimeException e) {
            return false; // no tmux: no session
        }
    }
}
