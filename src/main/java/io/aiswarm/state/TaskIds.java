package io.aiswarm.state;

/** Task ids name lock and result files, so they are restricted to a safe alphabet. */
public final class TaskIds {
    private TaskIds() {
    }

    public static boolean isValid(String id) {
        return SafeNames.isSafe(id);
    }

    /** Returns the id, or throws naming it and the rule. */
    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("task id '" + id + "' is not allowed: " + SafeNames.RULE);
        }
        return id;
    }

    /** The id generated for arrival number {@code seq}: task-000001, task-000002, … */
    public static String generated(long seq) {
        return String.format("task-%06d", seq);
    }
}
