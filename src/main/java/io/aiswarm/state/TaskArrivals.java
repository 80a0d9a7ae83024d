package io.aiswarm.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * New tasks as a store keeping the whole queue stores them: the given id or one generated from the arrival number
 * (skipping ids in use), the default priority, pending. One rule for the file and the in-memory store.
 */
public final class TaskArrivals {
    private TaskArrivals() {
    }

    /** The tasks to store and the next arrival number. */
    public record Admitted(List<TaskInfo> tasks, long nextSeq) {
    }

    /**
     * @param stored the tasks already stored, by id
     * @param where names the store in the error about a duplicate id
     */
    public static Admitted admit(List<NewTask> newTasks, java.util.Map<String, TaskInfo> stored, long nextSeq,
                                 Instant now, String where) {
        return admit(newTasks, stored.keySet(), id -> java.util.Optional.ofNullable(stored.get(id))
                .map(TaskDependencies::after), nextSeq, now, where);
    }

    /**
     * @param inUse the ids of the tasks already stored
     * @param storedAfter a stored task's {@code after} list, empty when no task has that id
     */
    public static Admitted admit(List<NewTask> newTasks, Set<String> inUse,
                                 java.util.function.Function<String, java.util.Optional<List<String>>> storedAfter,
                                 long nextSeq, Instant now, String where) {
        for (NewTask n : newTasks) TaskRules.checkNew(n);
        TaskDependencies.checkNew(newTasks, storedAfter);
        Set<String> used = new HashSet<>(inUse);
        long next = nextSeq;
        List<TaskInfo> added = new ArrayList<>();
        for (NewTask n : newTasks) {
            long seq = next++;
            String id = n.taskId();
            if (id == null) {
                id = TaskIds.generated(seq);
                while (used.contains(id)) id = TaskIds.generated(next++); // a hand-chosen id took this number
            } else if (used.contains(id)) {
                throw new IllegalArgumentException("task id '" + id + "' already exists in " + where
                        + "; choose another id or leave --id out to get one generated");
            }
            used.add(id);
            int priority = n.priority() == null ? TaskInfo.DEFAULT_PRIORITY : n.priority();
            added.add(new TaskInfo(id, n.command(), n.prompt(), priority, TaskStatus.PENDING, seq, 0, null,
                    now, now, null, null, null, null, null, null, n.extra()));
        }
        return new Admitted(added, next);
    }
}
