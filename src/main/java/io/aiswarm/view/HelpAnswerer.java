package io.aiswarm.view;

import java.util.Locale;

/**
 * Answers the prompt a worker waits on (a HELP item) with what the person means, not with raw keys: the views
 * never type a keystroke that could mean yes. Refuses with an {@link IllegalStateException} that says what it sees
 * when nothing waits or when it cannot tell which input means the answer.
 */
public interface HelpAnswerer {
    enum Answer {
        YES, NO, CANCEL;

        public static Answer parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("unknown answer '" + text + "': give yes, no or cancel");
            }
        }

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param option a numbered option of an agent's dialog to choose instead (null: find it from the answer)
     * @return what was done, for the person ("answered no: typed n and Enter")
     */
    String answer(String workerId, Answer answer, Integer option, Requester by);
}
