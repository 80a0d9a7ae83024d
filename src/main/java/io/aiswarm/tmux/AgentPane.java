package io.aiswarm.tmux;

/** One worker pane as tmux reports it; cpuMillis is utime+stime of the pane's process tree. */
public record AgentPane(String workerId, String paneId, long pid, String currentCommand, boolean dead,
                        Integer exitStatus, long cpuMillis) {
}
