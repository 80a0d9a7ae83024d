package io.aiswarm.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Worker ids (worker-0, worker-1, …): one rule for the panes that carry them, the locks they own and the commands
 * that name them ({@link SafeNames}); and their natural order, worker-2 before worker-10.
 */
public final class WorkerIds {
    /**
     * Natural order: same prefix compared by number, otherwise by text. Hand-parsed, not a regular expression: the
     * master sorts its workers several times a round.
     */
    public static final Comparator<String> ORDER = (a, b) -> {
        int da = digitsFrom(a);
        int db = digitsFrom(b);
        if (da < a.length() && db < b.length() && a.length() - da < 19 && b.length() - db < 19
                && da == db && a.regionMatches(0, b, 0, da)) {
            int byNumber = Long.compare(Long.parseLong(a, da, a.length(), 10), Long.parseLong(b, db, b.length(), 10));
            if (byNumber != 0) return byNumber;
        }
        return a.compareTo(b);
    };

    /** Where the digits that end {@code id} begin ({@code id.length()} when it does not end with one). */
    private static int digitsFrom(String id) {
        int i = id.length();
        while (i > 0 && id.charAt(i - 1) >= '0' && id.charAt(i - 1) <= '9') i--;
        return i;
    }

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
