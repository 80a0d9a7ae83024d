package io.aiswarm.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Worker ids (worker-0, worker-1, …): one rule for the panes that carry them, the locks they own and the commands
 * that name them ({@link SafeNames}); and their natural order, worker-2 before worker-10.
 */
public final class WorkerIds {
    private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)");

    /** Natural order: same prefix compared by number, otherwise by text. */
    public static final Comparator<String> ORDER = (a, b) -> {
        Matcher ma = NUMBERED.matcher(a);
        Matcher mb = NUMBERED.matcher(b);
        if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1)) && ma.group(2).length() < 19
                && mb.group(2).length() < 19) {
            int byNumber = Long.compare(Long.parseLong(ma.group(2)), Long.parseLong(mb.group(2)));
            if (byNumber != 0) return byNumber;
        }
        return a.compareTo(b);
    };

    private WorkerIds() {
    }

    /** The id of the {@code index}th worker a session starts with. */
    public static String of(int index) {
        return "worker-" + index;
    }

    /** The ids of a session's first {@code n} workers: worker-0 … worker-(n-1). */
    public static List<String> first(int n) {
        if (n < 0) throw new IllegalArgumentException("--workers " + n + " is out of range: use 0 or more");
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ids.add(of(i));
        return ids;
    }

    public static boolean isValid(String workerId) {
        return SafeNames.isSafe(workerId);
    }

    /** Returns the id, or throws naming it and the rule. */
    public static String require(String workerId) {
        if (!isValid(workerId)) {
            throw new IllegalArgumentException("worker id '" + workerId + "' is not allowed: " + SafeNames.RULE
                    + ", e.g. worker-3");
        }
        return workerId;
    }
}
