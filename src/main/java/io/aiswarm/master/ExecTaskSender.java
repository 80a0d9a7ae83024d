package io.aiswarm.master;

import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.PaneNotStartedException;
import io.aiswarm.tmux.PaneRun;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exec workers: the task's command runs in the worker's pane through {@link ExecTaskScript}, from its
 * {@link RunFiles}. The pane is started as {@code shell run/<task>.<attempt>.sh <task> <attempt>}, so tmux's
 * pane_start_command names the attempt a pane last ran ({@link ExecRunTag}).
 */
public final class ExecTaskSender implements TaskSender {
    private final WorkerPanes panes;
    private final SwarmPaths paths;
    private final RunFiles runFiles;

    public ExecTaskSender(WorkerPanes panes, SwarmPaths paths) {
        this.panes = panes;
        this.paths = paths;
        this.runFiles = new RunFiles(paths);
    }

    @Override
    public void send(TaskInfo task, String workerId) {
        TaskSender.sendAsBatch(this, task, workerId);
    }

    /**
     * All of a round's tasks start in one tmux round trip. A failure is a {@link DeliveryUncertainException} when
     * the pane may have started (tmux did not answer); any other failure means it certainly did not.
     */
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
        boolean waits = ExecTaskScript.canWaitForPipe();
        for (Assignment a : assignments) {
            TaskInfo task = a.task();
            try {
                runs.put(a.workerId(), PaneRun.script(ExecTaskScript.shell(), runFiles.write(task, a.workerId(), waits),
                        ExecRunTag.args(task), paths.resultLog(task.taskId()), waits));
                taskOf.put(a.workerId(), task.taskId());
            } catch (IllegalArgumentException | SwarmStateException e) {
                failures.put(task.taskId(), e);
            }
        }
        panes.runInPanes(runs).forEach((worker, e) -> failures.put(taskOf.get(worker),
                e instanceof PaneNotStartedException ? e : new DeliveryUncertainException(e.getMessage(), e)));
        return failures;
    }

    @Override
    public boolean canRun(TaskInfo task, String workerId) {
        return task.command() != null;
    }

    @Override
    public void ended(TaskInfo task) {
        if (task.command() != null) runFiles.remove(task);
    }

    @Override
    public void sweep(Set<String> activeTaskIds) {
        runFiles.sweep(activeTaskIds);
    }
}
