package io.aiswarm.agent;

import java.util.List;

/**
 * How a prompt delivery went: delivered means the agent's turn was seen to start (busy, a dialog, or the input box
 * emptied after it held the prompt). {@code notes} says what happened at each try, for the log and the requeue reason.
 */
public record DeliveryResult(boolean delivered, int tries, String reason, List<String> notes) {
    public DeliveryResult {
        notes = List.copyOf(notes);
    }
}
