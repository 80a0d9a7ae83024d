package io.aiswarm.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a task may run and what happens when it fails: its time limit, its automatic retries (with a growing delay)
 * and the time before which it is not dispatched. Kept as fields of the task in tasks.json ({@code timeout},
 * {@code retries}, {@code backoff}, {@code not_before}, {@code failures}): an older version keeps them as unknown
 * fields, and every store holds them, since they travel with the task.
 */
public final class TaskSchedule {
    public static final String TIMEOUT = "timeout";
    public static final String RETRIES = "retries";
    public static final String BACKOFF = "backoff";
    public static final String NOT_BEFORE = "not_before";
    /** One entry per failed attempt: attempt, at, reason (and exit_code when there was one). */
    public static final String FAILURES = "failures";
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(30);
    /** The delay grows (backoff, 2x, 4x …) up to this. */
    public static final Duration MAX_DELAY = Duration.ofHours(6);
    public static final int MAX_RETRIES = 100;

    private TaskSchedule() {
    }

    public static Optional<Duration> timeout(TaskInfo task) {
        Object v = task.extra().get(TIMEOUT);
        return v == null ? Optional.empty() : Optional.of(Durations.parse(field(task, TIMEOUT), v.toString()));
    }

    public static int retries(TaskInfo task) {
        Object v = task.extra().get(RETRIES);
        return v instanceof Number n ? n.intValue() : 0;
    }

    public static Duration backoff(TaskInfo task) {
        Object v = task.extra().get(BACKOFF);
        return v == null ? DEFAULT_BACKOFF : Durations.parse(field(task, BACKOFF), v.toString());
    }

    public static Optional<Instant> notBefore(TaskInfo task) {
        Object v = task.extra().get(NOT_BEFORE);
        return v == null ? Optional.empty() : Optional.of(Instant.parse(v.toString()));
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> failures(TaskInfo task) {
        Object v = task.extra().get(FAILURES);
        return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** Whether the time has come for this task: no {@code not_before}, or one that has passed. */
    public static boolean due(TaskInfo task, Instant now) {
        Optional<Instant> at = notBefore(task);
        return at.isEmpty() || !at.get().isAfter(now);
    }

    /**
     * An attempt of an active task failed: the failure is recorded, and the task goes back to the queue after a
     * growing delay while it has retries left and the failure may be retried (a person's refusal may not); else it
     * ends {@code failed}. Pure: a store may apply it more than once.
     */
    public static TaskInfo failed(TaskInfo task, Integer exit, String result, String reason, boolean retryable,
                                  Instant now) {
        List<Map<String, Object>> failures = new ArrayList<>(failures(task));
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("attempt", task.attempts());
        failure.put("at", now.toString());
        failure.put("reason", reason == null ? "failed" : reason);
        if (exit != null) failure.put("exit_code", exit);
        failures.add(failure);
        Map<String, Object> extra = new LinkedHashMap<>(task.extra());
        extra.put(FAILURES, failures);
        int retries = retries(task);
        if (!retryable || failures.size() > retries) {
            extra.remove(NOT_BEFORE);
            String why = retries > 0 && retryable ? reason + " (no retries left after " + failures.size() + " failures)"
                    : reason;
            return task.finished(TaskStatus.FAILED, exit, result, why, now).withExtra(extra);
        }
        Instant at = now.plus(delay(backoff(task), failures.size()));
        extra.put(NOT_BEFORE, at.toString());
        return task.requeued("attempt " + task.attempts() + " failed: " + reason + "; retry " + failures.size() + " of "
                + retries + " at " + at, now).withExtra(extra);
    }

    /** backoff, 2 x backoff, 4 x backoff … for the first, second, third retry; at most {@link #MAX_DELAY}. */
    static Duration delay(Duration backoff, int retry) {
        int doublings = Math.min(retry - 1, 30);
        Duration d = backoff.multipliedBy(1L << doublings);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    /** Checks the schedule fields a task is added with; names the task and field. */
    public static void check(String label, Map<String, Object> extra) {
        Object t = extra.get(TIMEOUT);
        if (t != null) Durations.parse(label + ": " + TIMEOUT, t.toString());
        Object b = extra.get(BACKOFF);
        if (b != null) Durations.parse(label + ": " + BACKOFF, b.toString());
        Object r = extra.get(RETRIES);
        if (r != null && (!(r instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 0
                || n.intValue() > MAX_RETRIES)) {
            throw new IllegalArgumentException(label + ": " + RETRIES + " " + r + " must be a whole number from 0 to "
                    + MAX_RETRIES);
        }
        if (b != null && r == null) {
            throw new IllegalArgumentException(label + ": " + BACKOFF + " only applies with " + RETRIES);
        }
        Object nb = extra.get(NOT_BEFORE);
        if (nb != null) {
            try {
                Instant.parse(nb.toString());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(label + ": " + NOT_BEFORE + " '" + nb + "' is not an ISO time"
                        + " (2026-01-31T12:00:00Z)");
            }
        }
    }

    private static String field(TaskInfo task, String name) {
        return "task '" + task.taskId() + "': " + name;
    }
}
