package io.aiswarm.cli;

import io.aiswarm.master.WorkerRestart;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.stores.SwarmStores;
import io.aiswarm.tmux.TmuxProcessRunner;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code swarm down} does in order, so that no task is lost with the session: the master first (it must not
 * finish a task from the error line of a command killed by the stop, nor dispatch into a dying session), then the
 * session and everything in it, then the tasks its workers were running go back to the queue (attempts counted): the
 * next `swarm up` runs them again.
 */
final class SwarmStop {
    private SwarmStop() {
    }

    /** Returns the tasks put back in the queue (or failed, out of attempts). */
    static List<TaskInfo> stop(SwarmConfig config, String session) throws InterruptedException {
        TmuxProcessRunner tmux = new TmuxProcessRunner(config.tmuxSocket());
        List<String> workers = new ArrayList<>();
        for (String w : tmux.tryRun("list-panes", "-s", "-t", "=" + session + ":", "-F", "#{@swarm_worker}").stdout()) {
            if (!w.isBlank()) workers.add(w.strip());
        }
        stopMaster(tmux, session);
        TmuxSwarmManager.stopSession(config.tmuxSocket(), session);
        List<TaskInfo> moved = new ArrayList<>();
        Clock clock = Clock.systemUTC();
        try (SwarmStore store = SwarmStores.open(config, clock)) {
            StatusBroadcaster broadcaster = new StatusBroadcaster(store.statusLog(), clock);
            for (String worker : workers) {
                moved.addAll(WorkerRestart.requeueTasksOf(worker, "the swarm was stopped (swarm down) while it ran",
                        store.queue(), store.locks(), broadcaster, config.maxAttempts(), clock));
            }
        }
        return moved;
    }

    /** SIGTERM to the master window's process, which ends its round and exits; SIGKILL after 15 s. */
    private static void stopMaster(TmuxProcessRunner tmux, String session) throws InterruptedException {
        TmuxProcessRunner.Result pid = tmux.tryRun("display-message", "-p", "-t", "=" + session + ":master",
                "#{pane_pid} #{pane_dead}");
        if (pid.exitCode() != 0 || pid.stdout().isEmpty()) return;
        String[] f = pid.stdout().get(0).split(" ");
        if (f.length < 2 || f[1].equals("1")) return;
        Optional<ProcessHandle> master = ProcessHandle.of(Long.parseLong(f[0]));
        if (master.isEmpty()) return;
        master.get().destroy();
        try {
            master.get().onExit().get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            master.get().destroyForcibly();
        }
    }
}
