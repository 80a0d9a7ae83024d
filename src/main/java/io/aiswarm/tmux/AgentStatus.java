package io.aiswarm.tmux;

/** What a worker's pane shows (read from its screen or its process). */
public enum AgentStatus {
    STARTING, IDLE, BUSY, WAITING, FINISHED, DEAD, UNKNOWN
}
