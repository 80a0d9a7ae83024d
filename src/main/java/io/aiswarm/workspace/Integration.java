package io.aiswarm.workspace;

import java.util.Locale;

/** Where a finished task's branch stands against its target: what `swarm merge` and `swarm clean` go by. */
public enum Integration {
    /** Commits not yet merged. */
    UNMERGED,
    /** In the target branch. */
    MERGED,
    /** Its commits conflicted with the target's tip; the target was left as it was. */
    CONFLICT,
    /** Merged in the scratch worktree, but the verify command failed there; the target was left as it was. */
    VERIFY_FAILED,
    /** The task changed nothing. */
    EMPTY;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Integration parse(String text) {
        if (text == null) return null;
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Work that exists only on the task's branch: clean keeps it unless forced. */
    public boolean holdsUnmergedWork() {
        return this == UNMERGED || this == CONFLICT || this == VERIFY_FAILED;
    }
}
