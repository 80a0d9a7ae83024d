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
 * Which worker panes the master should look at next: those that printed since it last looked, so only those are
 * captured for the rescuer and the screen observers. A pane is due once it has been quiet for {@link #QUIET} (a
 * prompt printed in pieces is then complete), or after {@link #MAX_WAIT} of continuous output (a prompt beside a
 * spinner); or when an observer asked for another look at a quiet pane ({@link #lookAgain}: a prompt that must stay
 * steady for a while). Marking is cheap and never blocks: it runs on the tmux client's event thread.
 */
final class PaneActivity {
    static final Duration QUIET = Duration.ofMillis(40);
    static final Duration MAX_WAIT = Duration.ofMillis(500);

    private final Clock clock;
    private final Runnable wake;
    private final Map<String, Burst> dirty = new ConcurrentHashMap<>();
    /** Looks asked for by an observer, due at the instant given, output or not. */
    private final Map<String, Instant> looks = new ConcurrentHashMap<>();

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
        for (Map.Entry<String, Instant> e : looks.entrySet()) {
            if (!e.getValue().isAfter(now) && looks.remove(e.getKey(), e.getValue())) due.add(e.getKey());
        }
        return due;
    }

    /** The worker's pane is due again after {@code after} even if it prints nothing (an earlier look asked stays). */
    void lookAgain(String workerId, Duration after) {
        Instant at = clock.instant().plus(after);
        looks.merge(workerId, at, (a, b) -> a.isBefore(b) ? a : b);
        wake.run();
    }

    /** Forgets pending output and asked-for looks of these workers (their screens were just captured anyway). */
    void clear(Set<String> workers) {
        dirty.keySet().removeAll(workers);
        looks.keySet().removeAll(workers);
    }

    /** How long until the next pane is due (zero when one is due now); empty when none printed or was asked for. */
    Optional<Duration> untilNextDue() {
        Instant now = clock.instant();
        Instant next = null;
        for (Burst b : dirty.values()) {
            if (next == null || b.dueAt().isBefore(next)) next = b.dueAt();
        }
        for (Instant at : looks.values()) {
            if (next == null || at.isBefore(next)) next = at;
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
