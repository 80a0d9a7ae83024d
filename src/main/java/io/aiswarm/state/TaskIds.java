package io.aiswarm.state;

import java.util.regex.Pattern;

/** Task ids name lock and result files, so they are restricted to a safe alphabet. */
public final class TaskIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private TaskIds() {
    }

    public static boolean isValid(String id) {
        return id != null && SAFE.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    /** Returns the id, or throws naming it and the rule. */
    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("task id '" + id + "' is not allowed: use 1 to 64 letters, digits,"
                    + " '.', '_' or '-' (not '.' or '..')");
        }
        return id;
    }

    /** The id generated for arrival number {@code seq}: task-000001, task-000002, … */
    public static String generated(long seq) {
        return String.format("task-%06d", seq);
    }
}
