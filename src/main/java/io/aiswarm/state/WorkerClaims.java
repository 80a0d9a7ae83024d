package io.aiswarm.state;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which task each worker was given, claimed before its pane is started: a master starts a worker's pane only with a
 * claim on the worker for that task, taken atomically (create-new), so two masters active at once (a lease file
 * removed under a running master) never both restart the same pane. A task's lock keeps a task from running twice;
 * a worker's claim keeps a pane from being given two tasks.
 */
public interface WorkerClaims {
    /**
     * Claims {@code workerId} for this attempt of {@code taskId}: true when the worker was free, already claimed for
     * this task, or its claim was {@code stale} (then replaced); false when another task holds it. {@code at} is the
     * claim's time by the caller's clock, the one its {@code stale} test reads (so claims hold no clock of their own).
     */
    boolean claim(String workerId, String taskId, int attempt, long epoch, Instant at, Predicate<Claim> stale);

    /** Frees the worker if its claim is for {@code taskId}. */
    void release(String workerId, String taskId);

    Optional<Claim> read(String workerId);

    /** A worker's claim: the task and attempt it was given, by the master of this lease epoch, at this time. */
    record Claim(String workerId, String taskId, int attempt, long epoch, long pid, Instant at) {
    }
}
