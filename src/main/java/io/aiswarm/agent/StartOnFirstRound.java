package io.aiswarm.agent;

import io.aiswarm.master.DispatchResult;
import io.aiswarm.master.MasterListener;
import io.aiswarm.master.RoundSummary;
import io.aiswarm.master.WorkerStatus;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskInfo;
import java.util.List;
import java.util.Map;

/** Passes every master event on, and runs an action before the first round's report (the master is active then). */
final class StartOnFirstRound implements MasterListener {
    private final MasterListener delegate;
    private final Runnable onFirstRound;
    private boolean started;

    StartOnFirstRound(MasterListener delegate, Runnable onFirstRound) {
        this.delegate = delegate;
        this.onFirstRound = onFirstRound;
    }

    @Override
    public void dispatched(DispatchResult result) {
        delegate.dispatched(result);
    }

    @Override
    public void finished(TaskInfo task) {
        delegate.finished(task);
    }

    @Override
    public void requeued(TaskInfo task) {
        delegate.requeued(task);
    }

    @Override
    public void help(String workerId, String taskId, String message) {
        delegate.help(workerId, taskId, message);
    }

    @Override
    public void rescued(String workerId, String action, String reason) {
        delegate.rescued(workerId, action, reason);
    }

    @Override
    public void message(String text) {
        delegate.message(text);
    }

    @Override
    public void observed(Map<String, WorkerStatus> workers, List<StatusEvent> events) {
        delegate.observed(workers, events);
    }

    @Override
    public void round(RoundSummary summary) {
        if (!started) {
            started = true;
            onFirstRound.run();
        }
        delegate.round(summary);
    }
}
