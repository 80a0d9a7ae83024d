package io.aiswarm.state.file;

import io.aiswarm.state.TaskInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * The encoded bytes of each task last written, kept while the task is the same object (tasks are immutable, and a
 * queue update keeps every task it does not change): re-encoding 20,000 unchanged tasks on every write made a
 * master's CPU per task grow with the length of the queue's history.
 */
final class TaskEncodings {
    private record Encoded(TaskInfo task, byte[] bytes) {
    }

    private final Map<String, Encoded> byId = new HashMap<>();

    synchronized byte[] bytes(TaskInfo task) {
        Encoded known = byId.get(task.taskId());
        if (known != null && known.task() == task) return known.bytes();
        byte[] bytes = TaskFileCodec.encodeTask(task);
        byId.put(task.taskId(), new Encoded(task, bytes));
        return bytes;
    }

    /** Forgets tasks no longer in the queue once they outnumber it (they cost memory only). */
    synchronized void trim(int liveTasks) {
        if (byId.size() > 2 * liveTasks + 64) byId.clear();
    }
}
