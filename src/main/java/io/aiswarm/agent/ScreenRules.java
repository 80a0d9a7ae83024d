package io.aiswarm.agent;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The regexes that read an agent's screen. Each list matches single lines (MULTILINE); {@code waitingDetail}
 * patterns run on the bottom region as one text and their first group is what the agent asks to do.
 *
 * @param idle          the input prompt is on screen (the agent accepts a prompt unless busy or waiting)
 * @param busy          the agent is working on a turn (spinner, "esc to interrupt")
 * @param waiting       a permission dialog or question that needs an answer
 * @param finished      a turn-end line ("✻ Worked for 16s")
 * @param echo          a submitted prompt as echoed in the transcript: a turn-end line above the last echo
 *                      belongs to an earlier turn
 * @param input         group 1 is the text typed in the input box; null when the profile cannot tell
 * @param placeholders  input texts that mean "empty" (hint text shown in an empty box)
 * @param waitingDetail group 1 is the command or change the agent wants permission for
 * @param bottomLines   only this many last non-blank lines are read, so history never reads as a live state
 * @param limited       the provider's usage or rate limit was reached (a line, or a dialog's first line)
 * @param limitResets   group 1 is when the limit resets, as the screen says it ("2:14 PM", "3pm (Europe/Paris)");
 *                      matched on the lines from the limit line down, joined by spaces (the text may wrap)
 */
public record ScreenRules(List<Pattern> idle, List<Pattern> busy, List<Pattern> waiting, List<Pattern> finished,
                          List<Pattern> echo, Pattern input, List<Pattern> placeholders, List<Pattern> waitingDetail,
                          int bottomLines, List<Pattern> limited, List<Pattern> limitResets) {
    public ScreenRules(List<Pattern> idle, List<Pattern> busy, List<Pattern> waiting, List<Pattern> finished,
                       List<Pattern> echo, Pattern input, List<Pattern> placeholders, List<Pattern> waitingDetail,
                       int bottomLines) {
        this(idle, busy, waiting, finished, echo, input, placeholders, waitingDetail, bottomLines, List.of(), List.of());
    }

    public ScreenRules {
        limited = List.copyOf(limited);
        limitResets = List.copyOf(limitResets);
        idle = List.copyOf(idle);
        busy = List.copyOf(busy);
        waiting = List.copyOf(waiting);
        finished = List.copyOf(finished);
        echo = List.copyOf(echo);
        placeholders = List.copyOf(placeholders);
        waitingDetail = List.copyOf(waitingDetail);
        if (bottomLines <= 0) bottomLines = 30;
    }
}
