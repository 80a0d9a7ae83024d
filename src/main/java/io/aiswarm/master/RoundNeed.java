package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether what the change feed reported needs a round. The feed reports the master's own writes (its ASSIGNED lines,
 * its rewrites of the task file) like anyone's, and a round for them finds nothing to do: half the rounds of a busy
 * swarm. So after the feed spoke, the log is read ahead (those lines are the next round's) and the queue's version is
 * checked: a round is needed when a line came from anyone but this master's round thread, or the queue is not the
 * version that thread last read or wrote; workers' START lines alone (a task started: nothing to decide, only to
 * record) wait up to {@link #START_ROUND_DELAY} for the round the task's end may bring. One owner: the master's round
 * thread, under the master's lock.
 */
final class RoundNeed {
    /** How long a round for START lines alone may wait (the task shows as running that much later). */
    static final Duration START_ROUND_DELAY = Duration.ofMillis(200);

    private final TaskQueue queue;
    private final MasterScanner scanner;
    private final StatusBroadcaster broadcaster;
    /** When a round is due for lines that did not need one at once (System.nanoTime; MAX_VALUE: none). */
    private long dueAt = Long.MAX_VALUE;

    RoundNeed(TaskQueue queue, MasterScanner scanner, StatusBroadcaster broadcaster) {
        this.queue = queue;
        this.scanner = scanner;
        this.broadcaster = broadcaster;
    }

    /** False for a store that cannot tell its versions apart, or before the log is followed: every report counts. */
    boolean canTell() {
        return queue.tellsOwnWrites() && scanner.followsLog();
    }

    /** A round scanned: it read every line so far, and the lines it appends from now on are its own. */
    void scanned() {
        dueAt = Long.MAX_VALUE;
        broadcaster.takeAppended();
    }

    /** When a deferred round is due (System.nanoTime), or Long.MAX_VALUE. */
    long dueAt() {
        return dueAt;
    }

    /** After the feed reported something: whether a round must run now (else maybe one is due by {@link #dueAt}). */
    boolean now() {
        if (!canTell()) return true;
        List<StatusEvent> others = othersLines(scanner.pollAhead(), broadcaster.takeAppended());
        if (!queue.unchangedSinceLastLook() || others.stream().anyMatch(e -> e.state() != BroadcastState.START)) {
            return true;
        }
        if (!others.isEmpty()) dueAt = Math.min(dueAt, System.nanoTime() + START_ROUND_DELAY.toNanos());
        return false;
    }

    /** The lines {@code read} from the log that are not among those this master {@code wrote} (state, worker, task). */
    private static List<StatusEvent> othersLines(List<StatusEvent> read, List<StatusEvent> written) {
        Map<String, Integer> count = new HashMap<>();
        for (StatusEvent e : written) count.merge(key(e), 1, Integer::sum);
        List<StatusEvent> others = new ArrayList<>();
        for (StatusEvent e : read) {
            Integer left = count.get(key(e));
            if (left == null || left == 0) others.add(e);
            else count.put(key(e), left - 1);
        }
        return others;
    }

    private static String key(StatusEvent e) {
        return e.state() + " " + e.workerId() + " " + e.taskId();
    }
}
