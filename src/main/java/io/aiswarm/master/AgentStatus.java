package io.aiswarm.master;

import java.util.Locale;

/**
 * What a worker's screen shows: the one vocabulary for the rescuer's detector ({@code swarm detect}) and the agent
 * screen reader. The detector, which knows no agent, tells only IDLE, BUSY, WAITING and UNKNOWN; an agent's screen
 * rules also tell STARTING (nothing drawn yet), FINISHED (a turn's end line) and LIMITED (the provider's usage or
 * rate limit was reached: the turn stopped until it resets). DEAD: the pane's process ended.
 */
public enum AgentStatus {
    STARTING, IDLE, BUSY, WAITING, FINISHED, LIMITED, DEAD, UNKNOWN;

    /** Lower-case name used in JSON output. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
