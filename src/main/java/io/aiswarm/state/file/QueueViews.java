package io.aiswarm.state.file;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the master asks of one version of tasks.json several times a round, computed once for it: queue order, the
 * active and the pending tasks, the counts, an index by id. A round then costs no sort and no walk of a long
 * queue's history; a new version (any write) gets new views.
 */
record QueueViews(TaskFile content, List<TaskInfo> sorted, List<TaskInfo> active, List<TaskInfo> pending,
                  Map<TaskStatus, Integer> counts, Map<String, Integer> position) {
    static QueueViews of(TaskFile content) {
        List<TaskInfo> sorted = new ArrayList<>(content.tasks());
        sorted.sort(TaskInfo.QUEUE_ORDER);
        List<TaskInfo> active = new ArrayList<>();
        List<TaskInfo> pending = new ArrayList<>();
        Map<String, Integer> position = new java.util.HashMap<>(sorted.size() * 2);
        for (int i = 0; i < sorted.size(); i++) {
            TaskInfo t = sorted.get(i);
            if (t.status().isActive()) active.add(t);
            if (t.isPending()) pending.add(t);
            position.put(t.taskId(), i);
        }
        return new QueueViews(content, java.util.Collections.unmodifiableList(sorted), List.copyOf(active),
                java.util.Collections.unmodifiableList(pending),
                java.util.Collections.unmodifiableMap(TaskStatus.count(sorted)), position);
    }

    /**
     * The views of {@code content}, made from these views of the version it was changed from: the changed tasks
     * take their places (a change of status keeps a task's place in queue order), the active and pending lists
     * and the counts are corrected for them. No sort and no hashing of the whole queue; null when a change moved
     * a task (its priority) or added one, and the views must be made afresh.
     */
    QueueViews after(TaskFile content, List<TaskQueue.Change> changes) {
        TaskInfo[] sorted = this.sorted.toArray(new TaskInfo[0]);
        Map<TaskStatus, Integer> counts = new java.util.EnumMap<>(this.counts);
        java.util.Set<String> touched = new java.util.HashSet<>();
        for (TaskQueue.Change c : changes) {
            Integer at = position.get(c.before().taskId());
            if (at == null || c.before().priority() != c.after().priority() || c.before().seq() != c.after().seq()) {
                return null;
            }
            sorted[at] = c.after();
            counts.merge(c.before().status(), -1, Integer::sum);
            counts.merge(c.after().status(), 1, Integer::sum);
            touched.add(c.after().taskId());
        }
        return new QueueViews(content, java.util.Collections.unmodifiableList(java.util.Arrays.asList(sorted)),
                corrected(active, changes, touched, TaskInfo::isActiveTask),
                corrected(pending, changes, touched, TaskInfo::isPending),
                java.util.Collections.unmodifiableMap(counts), position);
    }

    /** {@code list} without the changed tasks, with those that now belong in it, in queue order. */
    private static List<TaskInfo> corrected(List<TaskInfo> list, List<TaskQueue.Change> changes,
                                            java.util.Set<String> touched,
                                            java.util.function.Predicate<TaskInfo> belongs) {
        List<TaskInfo> out = new ArrayList<>(list.size() + changes.size());
        for (TaskInfo t : list) if (!touched.contains(t.taskId())) out.add(t);
        for (TaskQueue.Change c : changes) {
            if (!belongs.test(c.after())) continue;
            int at = java.util.Collections.binarySearch(out, c.after(), TaskInfo.QUEUE_ORDER);
            out.add(at < 0 ? -at - 1 : at, c.after());
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
