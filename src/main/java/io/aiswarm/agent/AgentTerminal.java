package io.aiswarm.agent;

/**
 * The few things prompt delivery does to a worker's pane. Production adapts the tmux layer; nothing here knows
 * about tmux commands.
 */
public interface AgentTerminal {
    /** The pane's visible screen as plain text. */
    String capture(String workerId);

    /** Byte-exact text, no Enter. */
    void sendText(String workerId, String text);

    /** A tmux key name: "Enter", "Escape", "C-u". */
    void sendKey(String workerId, String key);

    /** Text as one bracketed paste, so newlines do not submit it line by line. */
    void paste(String workerId, String text);

    /** Whether the agent's process still runs (a pane that stays after its process ended shows its last screen). */
    default boolean alive(String workerId) {
        return true;
    }
}
