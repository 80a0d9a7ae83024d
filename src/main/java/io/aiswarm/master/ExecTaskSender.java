package io.aiswarm.master;

import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.PaneRun;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exec workers: the task's command runs in the worker's pane through {@link ExecTaskScript}. */
public final class ExecTaskSender implements TaskSender {
    private final WorkerPanes panes;
    private final SwarmPaths paths;

    public ExecTaskSender(WorkerPanes panes, SwarmPaths paths) {
        this.panes = panes;
        this.paths = paths;
    }

    @Override
    public void send(TaskInfo task, String workerId) {
        RuntimeException failed = sendAll(List.of(new Assignment(task, workerId))).get(task.taskId());
        if (failed != null) throw failed;
    }

    /** All of a round's tasks start in one tmux round trip. */
    @Override
    public Map<String, RuntimeException> sendAll(List<Assignment> assignments) {
        try {
            Files.createDirectories(paths.resultsDir());
        } catch (IOException e) {
            throw new SwarmStateException("cannot create " + paths.resultsDir() + ": " + e.getMessage(), e);
        }
        Map<String, PaneRun> runs = new LinkedHashMap<>();
        Map<String, String> taskOf = new LinkedHashMap<>();
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        for (Assignment a : assignments) {
            TaskInfo task = a.task();
            try {
                runs.put(a.workerId(), new PaneRun(ExecTaskScript.build(task, a.workerId(), paths),
                        paths.resultLog(task.taskId()), ExecTaskScript.shell(), true));
                taskOf.put(a.workerId(), task.taskId());
            } catch (IllegalArgumentException e) {
                failures.put(task.taskId(), e);
            }
        }
        panes.runInPanes(runs).forEach((worker, e) -> failures.put(taskOf.get(worker), e));
        return failures;
    }

    @Override
    public boolean canRun(TaskInfo task, String workerId) {
        return task.command() != null;
    }
}
