package io.aiswarm.tmux;

import java.util.Comparator;

/** Worker ids ("worker-0", "worker-1", ...): validation and the natural order (worker-2 before worker-10). */
final class WorkerIds {
    static final Comparator<String> ORDER = Comparator.comparing(WorkerIds::prefix)
            .thenComparingLong(WorkerIds::number).thenComparing(Comparator.naturalOrder());

    private WorkerIds() {
    }

    static String of(int index) {
        return "worker-" + index;
    }

    static void check(String workerId) {
        if (workerId == null || !workerId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("worker id '" + workerId
                    + "' is not valid: use letters, digits, '.', '_' or '-' (e.g. worker-3)");
        }
    }

    private static String prefix(String id) {
        int end = id.length();
        while (end > 0 && Character.isDigit(id.charAt(end - 1))) end--;
        return id.substring(0, end);
    }

    private static long number(String id) {
        String digits = id.substring(prefix(id).length());
        if (digits.isEmpty() || digits.length() > 18) return -1;
        return Long.parseLong(digits);
    }
}
