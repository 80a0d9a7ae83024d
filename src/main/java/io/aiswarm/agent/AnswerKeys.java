package io.aiswarm.agent;

import java.util.Locale;

/**
 * How a person's answer is typed into an agent's dialog (see {@code swarm answer}): how an option is chosen, and
 * which key cancels the dialog. Measured on Claude Code 2.1.197/2.1.330, Codex 0.171.0 and Gemini CLI 0.61.0: an
 * option's number key chooses it at once, Esc cancels, and letters such as {@code n} are ignored (Enter confirms the
 * highlighted option, which is "Yes").
 *
 * @param select {@code number} (the option's digit), {@code number-enter} (the digit, then Enter) or {@code arrows}
 *               (Up/Down from the highlighted option, then Enter)
 * @param cancel the tmux key that cancels the dialog
 */
public record AnswerKeys(String select, String cancel) {
    public static final String NUMBER = "number";
    public static final String NUMBER_ENTER = "number-enter";
    public static final String ARROWS = "arrows";
    /** The agent CLIs measured here. */
    public static final AnswerKeys AGENT_DEFAULT = new AnswerKeys(NUMBER, "Escape");
    /** A menu in an exec worker's pane (a shell `select`, an installer): the digit and Enter; Esc closes. */
    public static final AnswerKeys SHELL_MENU = new AnswerKeys(NUMBER_ENTER, "Escape");

    public AnswerKeys {
        select = select == null ? NUMBER : select.toLowerCase(Locale.ROOT);
        if (!select.equals(NUMBER) && !select.equals(NUMBER_ENTER) && !select.equals(ARROWS)) {
            throw new IllegalArgumentException("answer.select '" + select + "' is not known: use number, number-enter "
                    + "or arrows");
        }
        if (cancel == null || cancel.isBlank()) cancel = "Escape";
    }
}
