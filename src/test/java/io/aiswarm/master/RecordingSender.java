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

    @Override
    public void send(TaskInfo task, String workerId) {
        if (failWith != null) throw failWith;
        sent.add(new Sent(task.taskId(), workerId, task.attempts()));
    }
}
