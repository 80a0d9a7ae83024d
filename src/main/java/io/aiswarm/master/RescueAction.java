package io.aiswarm.master;

/** What the master does about a pane's prompt. */
public enum RescueAction {
    /** Press Enter (as a key) in the pane: only for a bare "Press Enter to continue". */
    SEND_ENTER,
    /** Broadcast HELP so that a person answers; the swarm types nothing. */
    RAISE_HELP,
    /** Nothing: no prompt, already decided, cooling down, disabled, or the master's own window. */
    NONE
}
