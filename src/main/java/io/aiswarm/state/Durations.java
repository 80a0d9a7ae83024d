package io.aiswarm.state;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and times as people type them on the command line and in task files: {@code 90s}, {@code 1h30m}. Every
 * time limit of the tool ({@code --timeout}, {@code --backoff}, {@code --setup-timeout}, {@code --verify-timeout} …)
 * is read here, so they all take one syntax; a plain number is seconds, as the older options took.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");

    private Durations() {
    }

    /**
     * A positive duration: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code 1h30m}, ISO
     * {@code PT30S}, or a plain number of seconds ({@code 600}).
     */
    public static Duration parse(String what, String text) {
        String t = text == null ? "" : text.strip();
        Duration d = null;
        if (SECONDS.matcher(t).matches()) {
            d = Duration.ofSeconds(Long.parseLong(t));
        } else if (WHOLE.matcher(t).matches()) {
            d = Duration.ZERO;
            Matcher m = PART.matcher(t);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } else if (t.toUpperCase().startsWith("PT") || t.toUpperCase().startsWith("P")) {
            try {
                d = Duration.parse(t);
            } catch (DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a duration; write e.g. 30s, 10m, 2h,"
                    + " 1d, 1h30m or a number of seconds");
        }
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(what + " '" + text + "' must be longer than 0");
        return d;
    }

    /** A time: ISO ({@code 2026-01-31T12:00:00Z}) or a duration from {@code now} ({@code 2h}: in two hours). */
    public static Instant parseTime(String what, String text, Instant now) {
        String t = text == null ? "" : text.strip();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            try {
                return now.plus(parse(what, t));
            } catch (IllegalArgumentException notDuration) {
                throw new IllegalArgumentException(what + " '" + text + "' is neither an ISO time"
                        + " (2026-01-31T12:00:00Z) nor a delay from now (30m, 2h)");
            }
        }
    }

    /** The short form {@link #parse} reads: {@code 1h30m}, {@code 45s}, {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        StringBuilder b = new StringBuilder();
        long days = d.toDays();
        if (days > 0) b.append(days).append('d');
        if (d.toHoursPart() > 0) b.append(d.toHoursPart()).append('h');
        if (d.toMinutesPart() > 0) b.append(d.toMinutesPart()).append('m');
        if (d.toSecondsPart() > 0) b.append(d.toSecondsPart()).append('s');
        if (d.toMillisPart() > 0) b.append(d.toMillisPart()).append("ms");
        return b.toString();
    }
}
