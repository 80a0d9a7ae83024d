package io.aiswarm.master;

import java.util.Locale;

/**
 * What a worker's screen shows: the one vocabulary for the rescuer's detector ({@code swarm detect}) and the agent
 * screen reader. The detector, which knows no agent, tells only IDLE, BUSY, WAITING and UNKNOWN; an agent's screen
 * rules also tell STARTING (nothing drawn yet) and FINISHED (a turn's end line). DEAD: the pane's process ended.
 */
public enum AgentStatus {
    STARTING, IDLE, BUSY, WAITING, FINISHED, DEAD, UNKNOWN;

    /** Lower-case name used in JSON output. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
