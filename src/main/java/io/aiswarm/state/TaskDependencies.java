package io.aiswarm.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * "Run B after A": a task's {@code after} field lists the tasks that must be done before it is dispatched. When one
 * of them ends otherwise (failed, cancelled, skipped, or removed), the task is blocked, with that reason, until the
 * dependency is retried. Unknown ids and cycles are refused when tasks are added.
 */
public final class TaskDependencies {
    public static final String AFTER = "after";

    private TaskDependencies() {
    }

    public static List<String> after(TaskInfo task) {
        return after(task.extra());
    }

    /** The ids in a task's {@code after} field, from its fields ({@link TaskInfo#extra()}, a stored row's JSON). */
    public static List<String> after(Map<String, Object> extra) {
        Object v = extra.get(AFTER);
        if (!(v instanceof List<?> l)) return List.of();
        List<String> ids = new ArrayList<>();
        for (Object o : l) ids.add(String.valueOf(o));
        return ids;
    }

    /** Whether every dependency is done ({@code lookup} finds a task by id). */
    public static boolean satisfied(TaskInfo task, Function<String, Optional<TaskInfo>> lookup) {
        for (String id : after(task)) {
            Optional<TaskInfo> dep = lookup.apply(id);
            if (dep.isEmpty() || dep.get().status() != TaskStatus.DONE) return false;
        }
        return true;
    }

    /** Why a pending task can never run as things stand: a dependency that ended without being done, or is gone. */
    public static Optional<String> blockedBy(TaskInfo task, Function<String, Optional<TaskInfo>> lookup) {
        if (!task.isPending()) return Optional.empty();
        for (String id : after(task)) {
            Optional<TaskInfo> dep = lookup.apply(id);
            if (dep.isEmpty()) return Optional.of("dependency '" + id + "' was removed");
            TaskStatus s = dep.get().status();
            if (s.isFinal() && s != TaskStatus.DONE) return Optional.of("dependency '" + id + "' " + s.json());
        }
        return Optional.empty();
    }

    /**
     * Checks the {@code after} lists of tasks being added: each names a task already stored ({@code storedAfter}
     * gives its own list, empty when it is not stored) or one of the batch, never the task itself, and no cycle.
     */
    public static void checkNew(List<NewTask> batch, Function<String, Optional<List<String>>> storedAfter) {
        Map<String, List<String>> batchAfter = new HashMap<>();
        for (NewTask n : batch) if (n.taskId() != null) batchAfter.put(n.taskId(), after(n.extra()));
        for (NewTask n : batch) {
            List<String> deps = after(n.extra());
            if (deps.isEmpty()) continue;
            String label = TaskRules.label(n.taskId());
            for (String dep : deps) {
                if (dep.equals(n.taskId())) throw new IllegalArgumentException(label + " cannot run after itself");
                if (!batchAfter.containsKey(dep) && storedAfter.apply(dep).isEmpty()) {
                    throw new IllegalArgumentException(label + ": --after names '" + dep + "', which is no task;"
                            + " `swarm task list` shows the ids");
                }
            }
            if (n.taskId() != null) checkNoCycle(n.taskId(), batchAfter, storedAfter);
        }
    }

    private static void checkNoCycle(String start, Map<String, List<String>> batchAfter,
                                     Function<String, Optional<List<String>>> storedAfter) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.push(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.pop();
            String at = path.get(path.size() - 1);
            List<String> next = batchAfter.containsKey(at) ? batchAfter.get(at) : storedAfter.apply(at).orElse(List.of());
            for (String dep : next) {
                List<String> longer = new ArrayList<>(path);
                longer.add(dep);
                if (dep.equals(start)) {
                    throw new IllegalArgumentException("task '" + start + "': --after makes a cycle ("
                            + String.join(" after ", longer) + "); no task of it could ever run");
                }
                if (seen.add(dep)) paths.push(longer);
            }
        }
    }

    /** Checks the field's shape: a list of task ids. */
    static void checkShape(String label, Map<String, Object> extra) {
        Object v = extra.get(AFTER);
        if (v == null) return;
        if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalArgumentException(label + ": " + AFTER + " must be a list of task ids");
        }
        for (Object o : l) {
            if (!(o instanceof String s)) throw new IllegalArgumentException(label + ": " + AFTER + " must be a list of task ids");
            try {
                TaskIds.require(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(label + ": " + AFTER + ": " + e.getMessage(), e);
            }
        }
    }
}
