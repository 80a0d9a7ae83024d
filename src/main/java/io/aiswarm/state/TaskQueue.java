package io.aiswarm.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The durable task queue. Every method is atomic across threads and processes: a read-modify-write holds an
 * inter-process lock and a crash leaves either the old or the new state, never a torn one.
 * Implementations throw {@link SwarmStateException} (naming the file and position) when the stored queue is
 * unreadable, and then change nothing.
 * <p>The functions given to {@link #update} and {@link #updateAll} must be pure: a store may apply them more than once
 * (a network store retries a transaction that lost a race), so they must not record anything outside the task they
 * return. What a change did is read from what the method returns.
 */
public interface TaskQueue {
    /** Every task, in queue order ({@link TaskInfo#QUEUE_ORDER}). */
    List<TaskInfo> list();

    Optional<TaskInfo> get(String taskId);

    /** Adds tasks atomically (all or none); validates ids, priority and payload; generates missing ids. */
    List<TaskInfo> addAll(List<NewTask> tasks);

    default TaskInfo add(NewTask task) {
        return addAll(List.of(task)).get(0);
    }

    /**
     * Applies {@code change} to the task atomically and stores the result; throws {@link SwarmStateException} when no
     * task has that id. If {@code change} returns the same instance, nothing is written and the result is empty;
     * otherwise it holds the task as the function saw it and as stored.
     */
    Optional<Change> change(String taskId, UnaryOperator<TaskInfo> change);

    /** {@link #change}, returning the stored task (changed or not). */
    default TaskInfo update(String taskId, UnaryOperator<TaskInfo> change) {
        return change(taskId, change).map(Change::after).orElseGet(() -> get(taskId).orElseThrow(
                () -> new SwarmStateException("task '" + taskId + "' disappeared while being updated")));
    }

    /**
     * The first {@code limit} pending tasks in queue order: what a dispatcher needs. A network store answers it with
     * one indexed query instead of sending the whole queue.
     */
    default List<TaskInfo> pending(int limit) {
        return list().stream().filter(TaskInfo::isPending).limit(limit).toList();
    }

    /** The assigned and running tasks, in queue order: what recovery and cancellation look at each round. */
    default List<TaskInfo> active() {
        return list().stream().filter(t -> t.status().isActive()).toList();
    }

    /** How many tasks are in each status (every status listed, 0 when none): what `swarm status` shows. */
    default Map<TaskStatus, Integer> countByStatus() {
        return TaskStatus.count(list());
    }

    /** How many failed tasks were declined ({@link TaskInfo#declined()}): `swarm status` shows them apart. */
    default int countDeclined() {
        return (int) list().stream().filter(TaskInfo::declined).count();
    }

    /**
     * Applies {@code change} to every task in one atomic write; tasks it returns unchanged (the same instance) are kept
     * as they were. Returns the tasks it changed, as they were and as stored, in queue order.
     */
    List<Change> updateAll(UnaryOperator<TaskInfo> change);

    /**
     * {@link #updateAll}, shown only the tasks that are not finished (pending, assigned, running): what the master's
     * rounds change. A store that keeps finished tasks apart (the file store's archive) need not read them for it.
     */
    default List<Change> updateUnfinished(UnaryOperator<TaskInfo> change) {
        return updateAll(t -> t.status().isFinal() ? t : change.apply(t));
    }

    /**
     * Every unfinished task and the {@code finished} tasks that finished last, in queue order: what `swarm task list`
     * shows without --all. A store that keeps its history apart answers it without reading all of it.
     */
    default List<TaskInfo> recent(int finished) {
        return recentOf(list(), finished);
    }

    /** Of {@code tasks}: the unfinished ones and the {@code finished} that finished last, in queue order. */
    static List<TaskInfo> recentOf(java.util.Collection<TaskInfo> tasks, int finished) {
        List<TaskInfo> out = new java.util.ArrayList<>();
        List<TaskInfo> ended = new java.util.ArrayList<>();
        for (TaskInfo t : tasks) (t.status().isFinal() ? ended : out).add(t);
        ended.sort(java.util.Comparator.comparing(TaskQueue::endedAt,
                java.util.Comparator.nullsLast(java.util.Comparator.<java.time.Instant>reverseOrder()))
                .thenComparing(TaskInfo.QUEUE_ORDER.reversed()));
        out.addAll(ended.subList(0, Math.min(Math.max(finished, 0), ended.size())));
        out.sort(TaskInfo.QUEUE_ORDER);
        return out;
    }

    private static java.time.Instant endedAt(TaskInfo t) {
        return t.finishedAt() != null ? t.finishedAt() : t.updatedAt();
    }

    /**
     * Removes the tasks {@code which} accepts, in one atomic write, and returns them in queue order. An assigned or
     * running task is never removed, whatever {@code which} says (cancel it first). {@code which} must be pure.
     */
    List<TaskInfo> removeIf(java.util.function.Predicate<TaskInfo> which);

    /** A task an update changed: as the function saw it, and as stored. */
    record Change(TaskInfo before, TaskInfo after) {
        /** Queue order of the tasks as stored. */
        public static final java.util.Comparator<Change> ORDER = java.util.Comparator.comparing(Change::after,
                TaskInfo.QUEUE_ORDER);
    }

    /** True when {@link #unchangedSinceLastLook} can tell: the store knows which version this process last saw. */
    default boolean tellsOwnWrites() {
        return false;
    }

    /**
     * True only when the queue is provably as this process last read or wrote it (no other process changed it since);
     * false when it changed or the store cannot tell ({@link #tellsOwnWrites}).
     */
    default boolean unchangedSinceLastLook() {
        return false;
    }
}
