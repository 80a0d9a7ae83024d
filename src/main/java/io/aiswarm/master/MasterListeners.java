package io.aiswarm.master;

import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskInfo;
import java.util.List;
import java.util.Map;

/** Two listeners as one: each event goes to the first, then to the second. */
public final class MasterListeners implements MasterListener {
    private final MasterListener first;
    private final MasterListener second;

    private MasterListeners(MasterListener first, MasterListener second) {
        this.first = first;
        this.second = second;
    }

    public static MasterListener both(MasterListener first, MasterListener second) {
        return new MasterListeners(first, second);
    }

    @Override
    public void dispatched(DispatchResult result) {
        first.dispatched(result);
        second.dispatched(result);
    }

    @Override
    public void finished(TaskInfo task) {
        first.finished(task);
        second.finished(task);
    }

    @Override
    public void requeued(TaskInfo task) {
        first.requeued(task);
        second.requeued(task);
    }

    @Override
    public void help(String workerId, String taskId, String message) {
        first.help(workerId, taskId, message);
        second.help(workerId, taskId, message);
    }

    @Override
    public void rescued(String workerId, String action, String reason) {
        first.rescued(workerId, action, reason);
        second.rescued(workerId, action, reason);
    }

    @Override
    public void message(String text) {
        first.message(text);
        second.message(text);
    }

    @Override
    public void observed(Map<String, WorkerStatus> workers, List<StatusEvent> events) {
        first.observed(workers, events);
        second.observed(workers, events);
    }

    @Override
    public void round(RoundSummary summary) {
        first.round(summary);
        second.round(summary);
    }
}
