package io.aiswarm.state;

import java.util.regex.Pattern;

/**
 * The one alphabet for names that become file names, tmux options or SQL values: task ids, worker ids, cluster and
 * profile names. Letters, digits, '.', '_' and '-', 1 to 64 of them, not starting with '.' (so never "." or "..",
 * and never a hidden file or one of a store's own dot files).
 */
public final class SafeNames {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    /** How the rule reads in an error message. */
    public static final String RULE = "use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'";

    private SafeNames() {
    }

    public static boolean isSafe(String name) {
        return name != null && SAFE.matcher(name).matches();
    }
}
