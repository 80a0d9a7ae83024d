package io.aiswarm.master;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A worker whose agent hit its provider's usage or rate limit: its START line says until when, and the worker shows
 * {@code limited (until HH:MM)} in status, top and the web page instead of looking busy or idle. The line keeps
 * the task running (nothing is dispatched to the worker) until the agent monitor resumes it.
 */
public final class WorkerLimit {
    static final String PREFIX = "usage limit reached; resumes at ";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private WorkerLimit() {
    }

    /** The message of the START line that marks a worker limited. */
    public static String message(Instant until, String screenLine) {
        return PREFIX + until + ": " + screenLine;
    }

    /** When the limit a worker's last message names resets; empty when the message marks no limit. */
    public static Optional<Instant> until(String message) {
        if (message == null || !message.startsWith(PREFIX)) return Optional.empty();
        int end = message.indexOf(": ", PREFIX.length());
        try {
            return Optional.of(Instant.parse(message.substring(PREFIX.length(), end < 0 ? message.length() : end)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code limited (until 14:30)} in the given zone. */
    public static String label(Instant until, ZoneId zone) {
        return "limited (until " + HH_MM.format(until.atZone(zone)) + ")";
    }
}
