package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delivery without panes for dispatcher tests: records each send, or fails when told to. */
final class RecordingSender implements TaskSender {
    record Sent(String taskId, String workerId, int attempt) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    volatile RuntimeException failWith;
    /** Workers whose deliveries fail (the others go through). */
    final java.util.Set<String> failingWorkers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Which tasks this sender's workers can run (all by default). */
    volatile java.util.function.Predicate<TaskInfo> runs = task -> true;

    RecordingSender() {
    }

    RecordingSender(java.util.function.Predicate<TaskInfo> runs) {
        this.runs = runs;
    }

    @Override
    public boolean canRun(TaskInfo task, String workerId) {
        return runs.test(task);
    }

    @Override
    public void send(TaskInfo task, String workerId) {
        if (failWith != null) throw failWith;
        if (failingWorkers.contains(workerId)) throw new IllegalStateException(workerId + " is gone");
        sent.add(new Sent(task.taskId(), workerId, task.attempts()));
    }
}
