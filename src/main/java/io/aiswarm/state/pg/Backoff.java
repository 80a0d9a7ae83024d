package io.aiswarm.state.pg;

import java.time.Duration;
import java.time.Instant;

/**
 * When to try again after consecutive failures: the delay doubles from {@code first} up to {@code max}, and starts
 * over after a success. Decides only on the times it is given (an injected clock's), so tests never wait.
 */
final class Backoff {
    private final Duration first;
    private final Duration max;
    private int failures;
    private Instant next = Instant.MIN;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    /** True when a new attempt is due at {@code now}. */
    boolean due(Instant now) {
        return !now.isBefore(next);
    }

    void failed(Instant now) {
        failures++;
        next = now.plus(delay());
    }

    void succeeded() {
        failures = 0;
        next = Instant.MIN;
    }

    Instant nextAttempt() {
        return next;
    }

    /** The wait after the current run of failures: first, 2 first, 4 first, …, at most max. */
    Duration delay() {
        if (failures == 0) return Duration.ZERO;
        Duration d = first.multipliedBy(1L << Math.min(failures - 1, 30));
        return d.compareTo(max) > 0 || d.isNegative() ? max : d;
    }
}
