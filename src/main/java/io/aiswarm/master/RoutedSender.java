package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.AgentPane;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sender of a swarm whose workers differ: each task goes to its worker's own sender (the exec sender, or the
 * sender of its agent's profile), and a worker is offered only the tasks the {@link WorkerRouter} lets it take.
 */
final class RoutedSender implements TaskSender {
    private final TaskSender exec;
    private final WorkerRouter router;

    RoutedSender(TaskSender exec, WorkerRouter router) {
        this.exec = exec;
        this.router = router;
    }

    private TaskSender of(String workerId) {
        TaskSender agent = router.agentSender(workerId);
        return agent != null ? agent : exec;
    }

    @Override
    public void send(TaskInfo task, String workerId) {
        TaskSender.sendAsBatch(this, task, workerId);
    }

    /** Each worker's sender gets its workers' tasks as one batch (exec tasks start in one tmux round trip). */
    @Override
    public Map<String, RuntimeException> sendAll(List<Assignment> assignments) {
        Map<TaskSender, List<Assignment>> bySender = new LinkedHashMap<>();
        for (Assignment a : assignments) bySender.computeIfAbsent(of(a.workerId()), s -> new ArrayList<>()).add(a);
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        bySender.forEach((sender, batch) -> failures.putAll(sender.sendAll(batch)));
        return failures;
    }

    @Override
    public boolean canRun(TaskInfo task, String workerId) {
        return router.accepts(task, workerId) && of(workerId).canRun(task, workerId);
    }

    @Override
    public boolean runsIn(TaskInfo task, AgentPane pane) {
        return of(pane.workerId()).runsIn(task, pane);
    }

    @Override
    public void ended(TaskInfo task) {
        if (task.command() != null) exec.ended(task);
        else for (TaskSender s : router.agentSenders()) s.ended(task);
    }

    @Override
    public void quiet() {
        exec.quiet();
        for (TaskSender s : router.agentSenders()) s.quiet();
    }

    @Override
    public void sweep(Set<String> activeTaskIds) {
        exec.sweep(activeTaskIds);
        for (TaskSender s : router.agentSenders()) s.sweep(activeTaskIds);
    }
}
