package io.aiswarm.tmux;

/** What a worker pane shows: decided by the master's scanner from panes, status log and heartbeats. */
public enum AgentStatus {
    STARTING, IDLE, BUSY, WAITING, FINISHED, DEAD, UNKNOWN
}
