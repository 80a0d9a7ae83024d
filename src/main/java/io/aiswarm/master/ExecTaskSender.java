package io.aiswarm.master;

import io.aiswarm.state.PinnedDirs;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.PaneNotStartedException;
import io.aiswarm.tmux.PaneRun;
import java.io.IOException;
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
    private final PinnedDirs pins;

    public ExecTaskSender(WorkerPanes panes, SwarmPaths paths) {
        this(panes, paths, PinnedDirs.of(paths));
    }

    /** {@code pins}: the swarm directory as the master found it; nothing starts once one of them was replaced. */
    public ExecTaskSender(WorkerPanes panes, SwarmPaths paths, PinnedDirs pins) {
        this.panes = panes;
        this.paths = paths;
        this.runFiles = new RunFiles(paths);
        this.pins = pins;
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
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        try {
            SwarmDir.ensureSubdir(paths.resultsDir());
            pins.verify(); // a directory replaced under the master (results/ by a link): nothing starts
        } catch (SwarmStateException e) {
            for (Assignment a : assignments) failures.put(a.task().taskId(), e);
            return failures;
        }
        Map<String, PaneRun> runs = new LinkedHashMap<>();
        Map<String, String> taskOf = new LinkedHashMap<>();
        boolean waits = ExecTaskScript.canWaitForPipe();
        for (Assignment a : assignments) {
            TaskInfo task = a.task();
            try {
                createLog(paths.resultLog(task.taskId()));
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

    /** The task's log, created here (0600, never through a link) so the output pipe only appends to it. */
    private static void createLog(java.nio.file.Path log) {
        try {
            SafeFiles.append(log, new byte[0]);
        } catch (IOException e) {
            throw new SwarmStateException("cannot create " + log + ": " + e.getMessage(), e);
        }
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
