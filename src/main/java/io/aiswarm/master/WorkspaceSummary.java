package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.workspace.Integration;
import io.aiswarm.workspace.TaskWorkspace;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worktree side of `swarm status`: each busy worker's branch, how the finished tasks' work stands (how many are
 * merged, unmerged, conflicting...), and the finished tasks whose work still waits for a person (unmerged, conflict,
 * verify_failed), first in queue order. Empty when no task ran in a worktree.
 */
public record WorkspaceSummary(Map<String, String> branchOfWorker, Map<Integration, Integer> counts,
                               List<Waiting> waiting, int moreWaiting) {
    /** At most this many waiting tasks are listed. */
    static final int LISTED = 10;

    /** A finished task with work to integrate, and what happened to it last (the conflicting files...). */
    public record Waiting(String taskId, Integration integration, String detail) {
    }

    public static WorkspaceSummary of(List<TaskInfo> tasks) {
        Map<String, String> branches = new LinkedHashMap<>();
        Map<Integration, Integer> counts = new EnumMap<>(Integration.class);
        List<Waiting> waiting = new ArrayList<>();
        int more = 0;
        for (TaskInfo t : tasks) {
            String branch = TaskWorkspace.branch(t);
            if (branch == null) continue;
            if (t.status().isActive() && t.workerId() != null) branches.put(t.workerId(), branch);
            Integration i = TaskWorkspace.integration(t);
            if (!t.status().isFinal() || i == null) continue;
            counts.merge(i, 1, Integer::sum);
            if (i.holdsUnmergedWork()) {
                if (waiting.size() < LISTED) waiting.add(new Waiting(t.taskId(), i, firstLine(TaskWorkspace.detail(t))));
                else more++;
            }
        }
        return new WorkspaceSummary(branches, counts, waiting, more);
    }

    public boolean isEmpty() {
        return branchOfWorker.isEmpty() && counts.isEmpty();
    }

    /** The JSON of `swarm status --json`: {"merged": 3, ...} and the waiting tasks. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Integer> c = new LinkedHashMap<>();
        counts.forEach((k, v) -> c.put(k.json(), v));
        m.put("counts", c);
        List<Map<String, Object>> w = new ArrayList<>();
        for (Waiting x : waiting) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("task_id", x.taskId());
            one.put("integration", x.integration().json());
            one.put("detail", x.detail());
            w.add(one);
        }
        m.put("waiting", w);
        m.put("more_waiting", moreWaiting);
        return m;
    }

    private static String firstLine(String text) {
        if (text == null) return null;
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
