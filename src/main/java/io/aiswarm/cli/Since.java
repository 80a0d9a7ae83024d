package io.aiswarm.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code --since} value: a duration back from now ({@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}) or an ISO time. */
final class Since {
    private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");

    private Since() {
    }

    static Instant parse(String text, Clock clock) {
        Matcher m = AGO.matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(d);
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + text + "' is neither a duration (30s, 10m, 2h, 1d) nor an "
                    + "ISO time (2026-01-31T12:00:00Z)");
        }
    }
}
