package io.aiswarm.master;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The last non-blank lines of a captured screen, read backwards from the end so that a long capture costs no more
 * than its tail. Each line is normalised: surrounding whitespace (including NO-BREAK SPACE) and box-drawing
 * borders are trimmed, so "│ Do you want to proceed? │" reads as "Do you want to proceed?" and a rule of "────"
 * counts as blank.
 */
public final class ScreenTail {
    /** One normalised line and its position: 0 = the screen's last line (blank lines count). */
    public record Line(String text, int fromBottom) {
    }

    private ScreenTail() {
    }

    /** Up to {@code max} last non-blank lines, top to bottom. */
    public static List<Line> of(String screen, int max) {
        List<Line> lines = new ArrayList<>(max);
        int end = screen.length();
        for (int fromBottom = 0; lines.size() < max; fromBottom++) {
            int newline = end == 0 ? -1 : screen.lastIndexOf('\n', end - 1);
            String text = normalise(screen, newline + 1, end);
            if (!text.isEmpty()) lines.add(new Line(text, fromBottom));
            if (newline < 0) break;
            end = newline;
        }
        Collections.reverse(lines);
        return lines;
    }

    /** Number of '\n' in the screen: the index of its last line. Reads the whole screen, so only on demand. */
    public static int lastLineIndex(String screen) {
        int count = 0;
        for (int i = 0; i < screen.length(); i++) {
            if (screen.charAt(i) == '\n') count++;
        }
        return count;
    }

    static String normalise(CharSequence raw, int start, int end) {
        int from = start;
        int to = end;
        while (from < to && isTrim(raw.charAt(from))) from++;
        while (to > from && isTrim(raw.charAt(to - 1))) to--;
        return raw.subSequence(from, to).toString();
    }

    private static boolean isTrim(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\r'
                || (c >= '\u2500' && c <= '\u259F'); // box drawing and block elements: borders, rules, shading
    }
}
