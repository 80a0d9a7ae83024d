package io.aiswarm.workspace;

import java.nio.file.Path;
import java.util.Arrays;

/** A separate process that makes worktrees: args REPO SWARM_DIR WORKER... */
public final class EnsureWorktreesMain {
    private EnsureWorktreesMain() {
    }

    public static void main(String[] args) {
        WorkspaceSettings settings = new WorkspaceSettings(Path.of(args[0]), "", "main", null, null);
        WorktreeManager m = new WorktreeManager(settings, Path.of(args[1]), 0, System.out::println);
        String tip = m.baseCommit("main");
        for (String worker : Arrays.copyOfRange(args, 2, args.length)) {
            System.out.println("made " + m.ensure(worker, tip));
        }
    }
}
