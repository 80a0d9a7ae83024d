package io.aiswarm.agent;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a provider's limit resets, from the words an agent CLI shows: a clock time ("2:14 PM", "3pm", "14:30"),
 * optionally with a date ("Dec 3, 2pm", "10:00 AM on Dec 3rd") and a zone ("(Europe/Paris)", "UTC", "PST"), a
 * duration ("in 4h 3m", "in 30 minutes") or a Unix time ("1764600000"). A clock time without a date is the next
 * one after now. Empty when the text says nothing usable: the caller then backs off.
 */
public final class ResetTime {
    private static final Pattern EPOCH = Pattern.compile("^\\d{9,11}$");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(d|days?|h|hours?|hrs?|m|min|minutes?|s|sec|seconds?)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CLOCK = Pattern.compile("\\b(\\d{1,2})(?::(\\d{2}))?\\s*([ap]\\.?m\\.?)?(?![\\d:])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile("\\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.? (\\d{1,2})(?:st|nd|rd|th)?\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ZONE_IN_PARENS = Pattern.compile("\\(([A-Za-z_]+(?:/[A-Za-z_+-]+)+|UTC|GMT)\\)");
    private static final Pattern ZONE_WORD = Pattern.compile("\\b(UTC|GMT)([+-]\\d{1,2}(?::?\\d{2})?)?\\b|\\b([A-Z]{3,4})$");

    private ResetTime() {
    }

    public static Optional<Instant> parse(String text, Instant now, ZoneId localZone) {
        if (text == null || text.isBlank()) return Optional.empty();
        String t = text.strip();
        if (EPOCH.matcher(t).matches()) return Optional.of(Instant.ofEpochSecond(Long.parseLong(t)));
        if (t.toLowerCase(Locale.ROOT).startsWith("in ")) return duration(t.substring(3), now);
        ZoneId zone = zone(t).orElse(localZone);
        Matcher date = DATE.matcher(t);
        String rest = date.find() ? t.substring(0, date.start()) + " " + t.substring(date.end()) : t;
        Matcher clock = CLOCK.matcher(rest.replaceAll("\\([^)]*\\)", " ").replaceAll("(UTC|GMT)[+-]\\d{1,2}(:?\\d{2})?", " "));
        if (!clock.find()) return Optional.empty();
        int hour = Integer.parseInt(clock.group(1));
        int minute = clock.group(2) == null ? 0 : Integer.parseInt(clock.group(2));
        String half = clock.group(3) == null ? "" : clock.group(3).toLowerCase(Locale.ROOT).replace(".", "");
        if (half.isEmpty() && clock.group(2) == null) return Optional.empty(); // a bare number is not a time
        if (half.equals("pm") && hour < 12) hour += 12;
        if (half.equals("am") && hour == 12) hour = 0;
        if (hour > 23 || minute > 59) return Optional.empty();
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime at;
        if (date.reset().find()) {
            Month month = month(date.group(1));
            int day = Integer.parseInt(date.group(2));
            try {
                at = LocalDate.of(local.getYear(), month, day).atTime(LocalTime.of(hour, minute)).atZone(zone);
                if (at.toInstant().isBefore(now.minus(Duration.ofDays(1)))) at = at.plusYears(1);
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        } else {
            at = local.toLocalDate().atTime(LocalTime.of(hour, minute)).atZone(zone);
            if (!at.toInstant().isAfter(now)) at = at.plusDays(1);
        }
        return Optional.of(at.toInstant());
    }

    private static Optional<Instant> duration(String text, Instant now) {
        Matcher m = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        boolean any = false;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            char unit = Character.toLowerCase(m.group(2).charAt(0));
            total = total.plus(switch (unit) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            any = true;
        }
        return any ? Optional.of(now.plus(total)) : Optional.empty();
    }

    private static Optional<ZoneId> zone(String text) {
        try {
            Matcher parens = ZONE_IN_PARENS.matcher(text);
            if (parens.find()) return Optional.of(ZoneId.of(parens.group(1)));
            Matcher word = ZONE_WORD.matcher(text);
            if (word.find()) {
                if (word.group(1) != null) {
                    return Optional.of(ZoneId.of(word.group(1) + (word.group(2) == null ? "" : word.group(2))));
                }
                String shortId = ZoneId.SHORT_IDS.get(word.group(3));
                if (shortId != null) return Optional.of(ZoneId.of(shortId));
            }
        } catch (DateTimeException e) {
            // an unknown zone: the local one
        }
        return Optional.empty();
    }

    private static Month month(String name) {
        String key = name.substring(0, 3).toLowerCase(Locale.ROOT);
        for (Month m : Month.values()) {
            if (m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT).equals(key)) return m;
        }
        throw new IllegalArgumentException(name);
    }
}
