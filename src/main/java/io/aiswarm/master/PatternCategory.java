package io.aiswarm.master;

/**
 * What kind of input a waiting pane asks for. The order is the precedence when several kinds show at once:
 * a menu or a yes/no question outranks a "press Enter" line, so a dialog footer such as "Press enter to
 * confirm" never reads as a harmless pause.
 */
public enum PatternCategory {
    /**
     * A prompt for a secret or an identity: password, passphrase, PIN, one-time code, API key, username
     * ({@code [sudo] password for x:}, {@code Enter passphrase for key …:}, {@code Password for 'https://…':}). Never
     * typed into, never answered yes or no: a person types it in the pane.
     */
    CREDENTIAL(1),
    /** A numbered choice menu or an agent CLI's permission dialog ("Do you want to proceed?" / "❯ 1. Yes"). */
    CHOICE_MENU(10),
    /** A yes/no question: {@code [y/n]}, {@code [Y/n]}, {@code (y/n)}, "y or n", "yes or no". */
    INTERACTIVE_CONFIRM(1),
    /** A prompt worded as a confirmation: "Are you sure…?", "Confirm …:", 确认…？, 确定吗. */
    CONFIRM_WORDING(2),
    /** A pause: "Press ENTER", "Press any key to continue", 按回车, 回车继续. */
    PRESS_ENTER(1),
    /** Nothing waits for input. */
    NONE(0);

    private final int defaultReach;

    PatternCategory(int defaultReach) {
        this.defaultReach = defaultReach;
    }

    /**
     * How many of the last non-blank lines a prompt of this kind may sit in and still be live. A one-line prompt
     * keeps the cursor on its own line, so any output under it means it was answered (an Enter sent then would
     * wait in the input buffer for the next question); a menu has its options and a footer below the question.
     */
    public int defaultReach() {
        return defaultReach;
    }

    /** True when this category takes precedence over {@code other}. */
    public boolean outranks(PatternCategory other) {
        return ordinal() < other.ordinal();
    }
}
