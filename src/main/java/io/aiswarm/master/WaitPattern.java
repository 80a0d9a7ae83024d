package io.aiswarm.master;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named regex that recognises one line of a prompt waiting for input.
 *
 * @param name        short stable name, reported in decisions and by {@code swarm detect}
 * @param category    what the prompt asks for
 * @param regex       matched with {@code find()} against one normalised line (box-drawing borders trimmed)
 * @param bottomReach the prompt only counts within this many last non-blank lines; above that it is history
 */
public record WaitPattern(String name, PatternCategory category, Pattern regex, int bottomReach) {
    public WaitPattern {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(regex, "regex");
        if (category == null || category == PatternCategory.NONE) {
            throw new IllegalArgumentException("wait pattern '" + name + "' needs a category other than NONE");
        }
        if (bottomReach <= 0) bottomReach = category.defaultReach();
    }

    /** A case-insensitive pattern with its category's default reach. */
    public static WaitPattern of(String name, PatternCategory category, String regex) {
        return new WaitPattern(name, category,
                Pattern.compile(regex, Pattern.CASE_INSENSITIVE), category.defaultReach());
    }

    /** A case-insensitive pattern that counts within {@code bottomReach} last non-blank lines. */
    public static WaitPattern of(String name, PatternCategory category, String regex, int bottomReach) {
        return new WaitPattern(name, category, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), bottomReach);
    }

    public boolean matches(String line) {
        return regex.matcher(line).find();
    }
}
