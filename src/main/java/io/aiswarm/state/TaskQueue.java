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
     * Applies {@code change} to the task under the queue's lock and stores the result.
     * Returns the stored task; throws {@link SwarmStateException} when no task has that id.
     * If {@code change} returns the same instance, nothing is written.
     */
    TaskInfo update(String taskId, UnaryOperator<TaskInfo> change);

    /** How many tasks are in each status (every status listed, 0 when none): what `swarm status` shows. */
    default Map<TaskStatus, Integer> countByStatus() {
        return TaskStatus.count(list());
    }

    /** Applies {@code change} to every task in one atomic write; tasks it returns unchanged are kept as they were. */
    List<TaskInfo> updateAll(UnaryOperator<TaskInfo> change);
}
