package io.aiswarm.master;

import java.util.List;

/**
 * What the detector read on one screen.
 *
 * @param state       idle, busy, waiting or unknown
 * @param category    the kind of prompt waiting at the bottom; NONE when nothing waits
 * @param patternName the {@link WaitPattern} that matched; empty when nothing waits
 * @param matchedLine the prompt line (normalised); empty when nothing waits
 * @param lineFromBottom where the prompt is, counted from the screen's last line (0; blank lines count); -1 when
 *                    nothing waits. {@link #lineIndexIn(String)} turns it into a line number from the top.
 * @param tail        the last non-blank lines that were read (at most 20), top to bottom
 * @param tailIndex   index of the prompt in {@code tail}; -1 when nothing waits
 */
public record Detection(AgentStatus state, PatternCategory category, String patternName, String matchedLine,
                        int lineFromBottom, List<String> tail, int tailIndex) {
    public Detection {
        tail = List.copyOf(tail);
    }

    static Detection nothingWaiting(AgentStatus state, List<String> tail) {
        return new Detection(state, PatternCategory.NONE, "", "", -1, tail, -1);
    }

    /**
     * Zero-based line number of the prompt in {@code screen} (the text this detection was made from); -1 when
     * nothing waits. Counts every line of the screen, so the rescuer's hot path does not call it.
     */
    public int lineIndexIn(String screen) {
        return lineFromBottom < 0 ? -1 : ScreenTail.lastLineIndex(screen) - lineFromBottom;
    }

    public boolean waiting() {
        return category != PatternCategory.NONE;
    }

    /** The prompt line and everything above it in the tail: what a "new" prompt must differ in. */
    public List<String> promptAndAbove() {
        return tailIndex < 0 ? List.of() : tail.subList(0, tailIndex + 1);
    }
}
