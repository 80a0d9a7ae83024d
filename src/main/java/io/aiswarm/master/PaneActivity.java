package io.aiswarm.master;

import io.aiswarm.state.WorkerIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which worker panes printed since the master last looked at them, so only those are captured for the
 * rescuer. A pane is due once it has been quiet for {@link #QUIET} (a prompt printed in pieces is then
 * complete), or after {@link #MAX_WAIT} of continuous output (a prompt beside a spinner). Marking is cheap
 * and never blocks: it runs on the tmux client's event thread.
 */
final class PaneActivity {
    static final Duration QUIET = Duration.ofMillis(40);
    static final Duration MAX_WAIT = Duration.ofMillis(500);

    private final Clock clock;
    private final Runnable wake;
    private final Map<String, Burst> dirty = new ConcurrentHashMap<>();

    /** @param wake called when a pane starts a new burst of output (not for every piece of it) */
    PaneActivity(Clock clock, Runnable wake) {
        this.clock = clock;
        this.wake = wake;
    }

    void printed(String workerId) {
        Instant now = clock.instant();
        Burst before = dirty.get(workerId);
        dirty.put(workerId, before == null ? new Burst(now, now) : new Burst(before.first, now));
        if (before == null) wake.run();
    }

    /** Removes and returns the workers whose burst is due now. */
    Set<String> takeDue() {
        Instant now = clock.instant();
        Set<String> due = new TreeSet<>(WorkerIds.ORDER);
        for (Map.Entry<String, Burst> e : dirty.entrySet()) {
            // remove(key, value): a pane that printed again meanwhile stays dirty
            if (!e.getValue().dueAt().isAfter(now) && dirty.remove(e.getKey(), e.getValue())) due.add(e.getKey());
        }
        return due;
    }

    /** Forgets pending output of these workers (their screens were just captured anyway). */
    void clear(Set<String> workers) {
        dirty.keySet().removeAll(workers);
    }

    /** How long until the next burst is due (zero when one is due now); empty when no pane printed. */
    Optional<Duration> untilNextDue() {
        Instant now = clock.instant();
        Instant next = null;
        for (Burst b : dirty.values()) {
            if (next == null || b.dueAt().isBefore(next)) next = b.dueAt();
        }
        if (next == null) return Optional.empty();
        Duration left = Duration.between(now, next);
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    private record Burst(Instant first, Instant last) {
        Instant dueAt() {
            Instant quiet = last.plus(QUIET);
            Instant capped = first.plus(MAX_WAIT);
            return quiet.isBefore(capped) ? quiet : capped;
        }
    }
}
