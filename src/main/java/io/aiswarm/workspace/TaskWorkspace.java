package io.aiswarm.workspace;

import io.aiswarm.state.TaskInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workspace fields of a task, kept in tasks.json next to the others (as fields this version of the queue
 * knows nothing special about, so every store keeps them): {@code branch}, {@code base} (the commit it started
 * from), {@code base_branch}, {@code worktree} (where it runs), {@code integration} and its {@code
 * integration_detail} (conflicting files, failing output), {@code merged_commit} and {@code merged_onto}.
 */
public final class TaskWorkspace {
    public static final String BRANCH = "branch";
    public static final String BASE = "base";
    public static final String BASE_BRANCH = "base_branch";
    public static final String WORKTREE = "worktree";
    public static final String INTEGRATION = "integration";
    public static final String DETAIL = "integration_detail";
    public static final String MERGED_COMMIT = "merged_commit";
    /** The target's tip the task was merged onto: merged_onto..merged_commit is what the merge added. */
    public static final String MERGED_ONTO = "merged_onto";
    /** Branches of the swarm's tasks: {@code swarm/<task id>}. */
    public static final String BRANCH_PREFIX = "swarm/";

    private TaskWorkspace() {
    }

    public static String branchFor(String taskId) {
        return BRANCH_PREFIX + taskId;
    }

    public static String branch(TaskInfo t) {
        return text(t, BRANCH);
    }

    public static String base(TaskInfo t) {
        return text(t, BASE);
    }

    public static String baseBranch(TaskInfo t) {
        return text(t, BASE_BRANCH);
    }

    public static String worktree(TaskInfo t) {
        return text(t, WORKTREE);
    }

    public static Integration integration(TaskInfo t) {
        return Integration.parse(text(t, INTEGRATION));
    }

    public static String detail(TaskInfo t) {
        return text(t, DETAIL);
    }

    /** The task with these fields set (a null value removes the field), updated now. */
    public static TaskInfo with(TaskInfo t, Map<String, ?> fields, Instant now) {
        Map<String, Object> extra = new LinkedHashMap<>(t.extra());
        fields.forEach((k, v) -> {
            if (v == null) extra.remove(k);
            else extra.put(k, v);
        });
        if (extra.equals(t.extra())) return t;
        return new TaskInfo(t.taskId(), t.command(), t.prompt(), t.priority(), t.status(), t.seq(), t.attempts(),
                t.workerId(), t.createdAt(), now, t.assignedAt(), t.startedAt(), t.finishedAt(), t.exitCode(),
                t.resultFile(), t.error(), extra);
    }

    /** Fields as a map that may hold nulls (which {@link #with} reads as "remove"). */
    public static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    private static String text(TaskInfo t, String key) {
        Object v = t.extra().get(key);
        return v == null ? null : v.toString();
    }
}
