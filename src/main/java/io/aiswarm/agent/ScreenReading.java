package io.aiswarm.agent;

import io.aiswarm.master.AgentStatus;
import io.aiswarm.master.PatternCategory;

/**
 * What a screen says about an agent.
 *
 * @param status       the state read
 * @param rule         the regex that decided it ("" when none matched)
 * @param line         the screen line it matched ("" when none)
 * @param input        text typed in the input box and not yet submitted; "" when empty, null when unknown
 * @param waitingFor   for WAITING: the command or change the agent asks permission for ("" when not found); for
 *                     LIMITED: when the limit resets, as the screen says it ("" when it does not say)
 * @param category     for WAITING: what kind of prompt (a profile's dialog is a CHOICE_MENU); NONE otherwise
 */
public record ScreenReading(AgentStatus status, String rule, String line, String input, String waitingFor,
                            PatternCategory category) {
    public ScreenReading(AgentStatus status, String rule, String line, String input, String waitingFor) {
        this(status, rule, line, input, waitingFor, status == AgentStatus.WAITING ? PatternCategory.CHOICE_MENU
                : PatternCategory.NONE);
    }

    /** Read by the generic detector (a prompt the profile does not know), not by the profile's own rules. */
    public boolean generic() {
        return rule.startsWith(AgentScreenReader.GENERIC);
    }

    public boolean inputEmpty() {
        return input != null && input.isEmpty();
    }

    /** Nothing typed in the input box, or a profile that cannot tell. */
    public boolean inputEmptyOrUnknown() {
        return input == null || input.isEmpty();
    }
}
