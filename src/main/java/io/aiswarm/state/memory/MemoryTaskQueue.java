package io.aiswarm.state.memory;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskArrivals;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskRules;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The task queue in memory, one lock for every method. With {@code applyTwice} every update function runs twice and
 * the second result counts, as in a store that retries a transaction: a function with side effects shows it.
 */
final class MemoryTaskQueue implements TaskQueue {
    private final Map<String, TaskInfo> tasks = new LinkedHashMap<>();
    private final Clock clock;
    private final boolean applyTwice;
    private final Runnable changed;
    private long nextSeq = 1;

    MemoryTaskQueue(Clock clock, boolean applyTwice, Runnable changed) {
        this.clock = clock;
        this.applyTwice = applyTwice;
        this.changed = changed;
    }

    @Override
    public synchronized List<TaskInfo> list() {
        List<TaskInfo> all = new ArrayList<>(tasks.values());
        all.sort(TaskInfo.QUEUE_ORDER);
        return all;
    }

    @Override
    public synchronized Optional<TaskInfo> get(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    @Override
    public List<TaskInfo> addAll(List<NewTask> newTasks) {
        List<TaskInfo> added;
        synchronized (this) {
            TaskArrivals.Admitted admitted = TaskArrivals.admit(newTasks, tasks, nextSeq,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), "the in-memory queue");
            admitted.tasks().forEach(t -> tasks.put(t.taskId(), t));
            nextSeq = admitted.nextSeq();
            added = admitted.tasks();
        }
        if (!added.isEmpty()) changed.run();
        return added;
    }

    @Override
    public Optional<Change> change(String taskId, UnaryOperator<TaskInfo> change) {
        Optional<Change> result;
        synchronized (this) {
            TaskInfo before = tasks.get(taskId);
            if (before == null) {
                throw new SwarmStateException("no task '" + taskId + "' in the in-memory queue");
            }
            TaskInfo after = apply(change, before);
            if (after == before) return Optional.empty();
            TaskRules.checkChange(before, after);
            tasks.put(taskId, after);
            result = Optional.of(new Change(before, after));
        }
        changed.run();
        return result;
    }

    @Override
    public List<Change> updateAll(UnaryOperator<TaskInfo> change) {
        List<Change> changes = new ArrayList<>();
        synchronized (this) {
            for (TaskInfo before : tasks.values()) {
                TaskInfo after = apply(change, before);
                if (after == before) continue;
                TaskRules.checkChange(before, after);
                changes.add(new Change(before, after));
            }
            changes.forEach(c -> tasks.put(c.after().taskId(), c.after())); // all or nothing
        }
        changes.sort(Change.ORDER);
        if (!changes.isEmpty()) changed.run();
        return changes;
    }

    @Override
    public List<TaskInfo> removeIf(java.util.function.Predicate<TaskInfo> which) {
        List<TaskInfo> removed = new ArrayList<>();
        synchronized (this) {
            for (TaskInfo t : tasks.values()) if (!t.status().isActive() && which.test(t)) removed.add(t);
            removed.forEach(t -> tasks.remove(t.taskId()));
        }
        removed.sort(TaskInfo.QUEUE_ORDER);
        if (!removed.isEmpty()) changed.run();
        return removed;
    }

    private TaskInfo apply(UnaryOperator<TaskInfo> change, TaskInfo before) {
        if (applyTwice) change.apply(before);
        return change.apply(before);
    }
}
