package io.aiswarm.cli;

import io.aiswarm.master.MasterScanner;
import io.aiswarm.master.PaneState;
import io.aiswarm.master.QueueNotes;
import io.aiswarm.master.StaleWorkerLines;
import io.aiswarm.master.StatusReport;
import io.aiswarm.master.SwarmSession;
import io.aiswarm.master.TmuxWorkerPanes;
import io.aiswarm.master.WorkerStatus;
import io.aiswarm.master.WorkspaceSummary;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.state.file.FileMasterLease;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.tmux.TmuxSwarmManager;
import io.aiswarm.workspace.WorkspaceSettings;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The status read without a master: tmux (when the session runs) and the state files, by this process. What
 * `swarm status` and `swarm top` show when no master answers.
 */
final class LocalStatus {
    /** @param sessionRunning false when the cluster's tmux session is not there (only task owners are listed) */
    record Result(StatusReport report, boolean sessionRunning, String session) {
    }

    private LocalStatus() {
    }

    static Result read(SwarmConfig config, Clock clock, boolean withPanes, long cpuSampleMillis)
            throws InterruptedException {
        FileSwarmStore state = FileSwarmStore.open(config, clock);
        String session = SwarmSession.name(config.cluster());
        Optional<TmuxSwarmManager> live = TmuxSwarmManager.tryConnect(config.tmuxSocket(), session);
        if (live.isPresent()) {
            // only the totals of the queue: counted on a second core while tmux is asked about the panes
            CompletableFuture<Map<TaskStatus, Integer>> totals =
                    CompletableFuture.supplyAsync(state.queue()::countByStatus);
            try (TmuxSwarmManager tmux = live.get();
                 MasterScanner scanner = MasterScanner.createStatusScanner(config, state.statusLog(), state.locks(),
                         new TmuxWorkerPanes(tmux), clock)) {
                if (cpuSampleMillis > 0 && scanner.scan(false).workers().values().stream()
                        .anyMatch(w -> w.pane() == PaneState.ALIVE)) {
                    Thread.sleep(cpuSampleMillis);
                }
                Map<String, WorkerStatus> workers = StaleWorkerLines.settle(scanner.scan(withPanes).workers(),
                        state.queue()::active);
                Map<TaskStatus, Integer> counted = joined(totals);
                return new Result(new StatusReport(clock.instant(), masterOf(config), workers, counted)
                        .withWorkspaces(workspaces(config, state))
                        .withQueueNotes(QueueNotes.read(state.queue(), counted, WorkerRoster.read(config.swarmDir()))),
                        true, session);
            }
        }
        // no session: the workers that still own tasks, from their last lines (the history is only counted)
        List<String> owners = state.queue().active().stream().map(TaskInfo::workerId).distinct().toList();
        try (MasterScanner scanner = MasterScanner.createStatusScanner(config, state.statusLog(), state.locks(),
                owners, clock)) {
            // no session: no workers to route to, so no task is called unroutable
            Map<TaskStatus, Integer> counted = state.queue().countByStatus();
            return new Result(new StatusReport(clock.instant(), masterOf(config), scanner.scanAll(), counted)
                    .withWorkspaces(workspaces(config, state))
                    .withQueueNotes(QueueNotes.read(state.queue(), counted, Optional.empty())),
                    false, session);
        }
    }

    /** With worktrees: branches and integration, from the whole queue (read only then). */
    private static WorkspaceSummary workspaces(SwarmConfig config, FileSwarmStore state) {
        if (!Files.exists(WorkspaceSettings.path(config.swarmDir()))) return null;
        return WorkspaceSummary.of(state.queue().list());
    }

    private static String masterOf(SwarmConfig config) {
        return FileMasterLease.holder(config.paths().masterLock()).orElse(null);
    }

    /** A result read in the background; its failure (e.g. an unreadable tasks.json) is the command's. */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }
}
