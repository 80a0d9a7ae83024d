package io.aiswarm.master;

/**
 * Typing into and reading one worker's pane: what prompt delivery and the agent monitor need. Part of
 * {@link WorkerPanes}, the one port to the panes ({@link TmuxWorkerPanes} adapts tmux); tests give a recorded screen.
 */
public interface PaneTerminal {
    /** Enough for the bottom region an agent's screen rules read (at most a screenful of non-blank lines). */
    int SCREEN_LINES = 80;

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
