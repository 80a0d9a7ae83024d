package io.aiswarm.tmux;

/**
 * One worker pane as tmux and /proc see it right now.
 *
 * @param workerId       the pane's {@code @swarm_worker} tag, e.g. "worker-0"
 * @param paneId         tmux pane id, e.g. "%3"
 * @param pid            pid of the pane's process (the dead process's pid when the pane is dead)
 * @param currentCommand the foreground command in the pane (tmux's pane_current_command)
 * @param dead           the pane's process has exited and the pane remains (remain-on-exit)
 * @param exitStatus     exit status of a dead pane; null while alive or when killed by a signal
 * @param cpuMillis      user+system CPU of the pane's process tree (live processes plus reaped children);
 *                       0 for a dead pane (its pid may already belong to another process)
 * @param startCommand   the command the pane was last (re)started with (tmux's pane_start_command), "" if unknown
 */
public record AgentPane(String workerId, String paneId, long pid, String currentCommand, boolean dead,
                        Integer exitStatus, long cpuMillis, String startCommand) {
    public AgentPane {
        startCommand = startCommand == null ? "" : startCommand;
    }

    public AgentPane(String workerId, String paneId, long pid, String currentCommand, boolean dead, Integer exitStatus,
                     long cpuMillis) {
        this(workerId, paneId, pid, currentCommand, dead, exitStatus, cpuMillis, "");
    }

    public AgentPane withCpu(long millis) {
        return new AgentPane(workerId, paneId, pid, currentCommand, dead, exitStatus, millis, startCommand);
    }
}
