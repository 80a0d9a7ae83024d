package io.aiswarm.master;

import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import java.io.IOException;
import java.nio.file.Files;

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
        try {
            Files.createDirectories(paths.resultsDir());
        } catch (IOException e) {
            throw new SwarmStateException("cannot create " + paths.resultsDir() + ": " + e.getMessage(), e);
        }
        panes.runInPane(workerId, ExecTaskScript.build(task, workerId, paths), paths.resultLog(task.taskId()));
    }

    @Override
    public boolean canRun(TaskInfo task, String workerId) {
        return task.command() != null;
    }
}
