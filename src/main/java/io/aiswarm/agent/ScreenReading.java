package io.aiswarm.agent;

import io.aiswarm.master.AgentStatus;

/**
 * What a screen says about an agent.
 *
 * @param status       the state read
 * @param rule         the regex that decided it ("" when none matched)
 * @param line         the screen line it matched ("" when none)
 * @param input        text typed in the input box and not yet submitted; "" when empty, null when unknown
 * @param waitingFor   for WAITING: the command or change the agent asks permission for ("" when not found)
 */
public record ScreenReading(AgentStatus status, String rule, String line, String input, String waitingFor) {
    public boolean inputEmpty() {
        return input != null && input.isEmpty();
    }
}
