package io.aiswarm.master;

import io.aiswarm.state.PinnedDirs;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.PaneNotStartedException;
import io.aiswarm.tmux.PaneRun;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Exec workers: the task's command runs in the worker's pane, from its {@link RunFiles}. With the runner on
 * ({@link ExecRunner}, the default) a pane whose runner is ready gets the attempt through its FIFO; any other pane
 * is restarted as a runner whose arguments name its first attempt. With it off the pane is restarted per task as
 * {@code shell run/<task>.<attempt>.sh <task> <attempt>} ({@link ExecTaskScript}). Either way a pane started for an
 * attempt has tmux's pane_start_command name it ({@link ExecRunTag}).
 */
public final class ExecTaskSender implements TaskSender {
    private final WorkerPanes panes;
    private final SwarmPaths paths;
    private final RunFiles runFiles;
    private final PinnedDirs pins;
    private final boolean runner;
    private final RunnerChannel channel;
    private boolean installed;

    public ExecTaskSender(WorkerPanes panes, SwarmPaths paths) {
        this(panes, paths, PinnedDirs.of(paths), false);
    }

    /**
     * {@code pins}: the swarm directory as the master found it; nothing starts once one of them was replaced.
     * {@code runner}: panes run a long-lived {@link ExecRunner} instead of being restarted per task.
     */
    public ExecTaskSender(WorkerPanes panes, SwarmPaths paths, PinnedDirs pins, boolean runner) {
        this.panes = panes;
        this.paths = paths;
        this.runFiles = new RunFiles(paths);
        this.pins = pins;
        this.runner = runner;
        this.channel = new RunnerChannel(paths);
    }

    /** True when panes run a long-lived runner. */
    public boolean usesRunner() {
        return runner;
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
        Map<String, AgentPane> paneOf = runner ? runnerPanes(assignments, failures) : Map.of();
        for (Assignment a : assignments) {
            TaskInfo task = a.task();
            if (failures.containsKey(task.taskId())) continue;
            try {
                createLog(paths.resultLog(task.taskId()));
                if (!runner) {
                    runs.put(a.workerId(), PaneRun.script(ExecTaskScript.shell(),
                            runFiles.write(task, a.workerId(), waits), ExecRunTag.args(task),
                            paths.resultLog(task.taskId()), waits));
                } else {
                    boolean ready = channel.ready(paneOf.get(a.workerId()));
                    Optional<byte[]> whole = ready && waits
                            ? RunnerChannel.inlineLine(task, ExecTaskScript.runnerValues(task, a.workerId(), paths))
                            : Optional.empty();
                    if (whole.isPresent()) {
                        channel.send(a.workerId(), task, whole.get()); // no file for the attempt; a failure: not written
                        continue;
                    }
                    runFiles.write(task, command -> ExecTaskScript.buildForRunner(task, a.workerId(), paths, command));
                    if (ready) {
                        channel.send(a.workerId(), task); // a failure: the line was not written
                        continue;
                    }
                    runs.put(a.workerId(), PaneRun.script(ExecTaskScript.shell(), ExecRunner.script(paths),
                            ExecRunner.args(a.workerId(), task), paths.resultLog(task.taskId()), waits,
                            ExecRunner.outputCommand(paths, waits)));
                }
                taskOf.put(a.workerId(), task.taskId());
            } catch (IllegalArgumentException | SwarmStateException | PaneNotStartedException e) {
                failures.put(task.taskId(), e);
            }
        }
        if (runs.isEmpty()) return failures;
        panes.runInPanes(runs).forEach((worker, e) -> failures.put(taskOf.get(worker),
                e instanceof PaneNotStartedException ? e : new DeliveryUncertainException(e.getMessage(), e)));
        return failures;
    }

    /** The panes of the round's workers (one tmux round trip); installs the runner's files at first use. */
    private Map<String, AgentPane> runnerPanes(List<Assignment> assignments, Map<String, RuntimeException> failures) {
        try {
            if (!installed) {
                ExecRunner.install(paths, ExecTaskScript.canWaitForPipe());
                installed = true;
            }
        } catch (SwarmStateException e) {
            for (Assignment a : assignments) failures.put(a.task().taskId(), e);
            return Map.of();
        }
        Map<String, AgentPane> byWorker = new HashMap<>();
        try {
            for (AgentPane pane : panes.panes(false)) byWorker.put(pane.workerId(), pane);
        } catch (RuntimeException e) {
            // not listed: every pane is restarted as a runner, which tells started from not started as before
        }
        return byWorker;
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
    public void quiet() {
        runFiles.removeEndedClaims();
    }

    @Override
    public void sweep(Set<String> activeTaskIds) {
        runFiles.sweep(activeTaskIds);
    }
}
