package io.aiswarm.master;

import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskRouting;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.WorkerRoster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What `swarm status` says about the queue beyond its totals: how many failed tasks were declined (a person refused
 * the agent's permission), which pending tasks are blocked (a dependency ended without being done) and which no
 * worker of the swarm can take (their agent or labels fit none). Worked out when shown, never stored.
 */
public record QueueNotes(int declined, List<Note> blocked, int blockedTotal, List<Note> unroutable,
                         int unroutableTotal) {
    /** How many tasks of each list are named; the rest are counted. */
    public static final int SHOWN = 10;
    public static final QueueNotes NONE = new QueueNotes(0, List.of(), 0, List.of(), 0);

    /** A task and why it waits. */
    public record Note(String taskId, String why) {
    }

    /**
     * Reads what it needs: the declined count when some task failed, the pending tasks (up to the dispatcher's round)
     * when some are pending. {@code roster}: the swarm's workers (empty: not known, nothing is called unroutable).
     */
    public static QueueNotes read(TaskQueue queue, Map<TaskStatus, Integer> totals, Optional<WorkerRoster> roster) {
        int declined = totals.getOrDefault(TaskStatus.FAILED, 0) > 0 ? queue.countDeclined() : 0;
        if (totals.getOrDefault(TaskStatus.PENDING, 0) == 0) return new QueueNotes(declined, List.of(), 0, List.of(), 0);
        List<WorkerRoster.Worker> workers = roster.map(WorkerRoster::workers).orElse(List.of());
        Map<String, Optional<TaskInfo>> seen = new HashMap<>();
        List<Note> blocked = new ArrayList<>();
        List<Note> unroutable = new ArrayList<>();
        int blockedTotal = 0;
        int unroutableTotal = 0;
        for (TaskInfo t : queue.pending(MasterDispatcher.PENDING_PER_ROUND)) {
            Optional<String> why = TaskDependencies.blockedBy(t, id -> seen.computeIfAbsent(id, queue::get));
            if (why.isPresent()) {
                if (blockedTotal++ < SHOWN) blocked.add(new Note(t.taskId(), why.get()));
            } else if (!workers.isEmpty() && !TaskRouting.routable(t, workers)) {
                if (unroutableTotal++ < SHOWN) {
                    unroutable.add(new Note(t.taskId(), "wants " + TaskRouting.wants(t) + "; no worker of the swarm"
                            + " takes it (swarm scale adds workers)"));
                }
            }
        }
        return new QueueNotes(declined, blocked, blockedTotal, unroutable, unroutableTotal);
    }

    /** The totals as shown: failed without the declined ones, declined after them. */
    public Map<String, Integer> shownTotals(Map<TaskStatus, Integer> totals) {
        Map<String, Integer> shown = new java.util.LinkedHashMap<>();
        totals.forEach((status, count) -> {
            if (status == TaskStatus.FAILED) {
                shown.put(status.json(), count - declined);
                shown.put("declined", declined);
            } else {
                shown.put(status.json(), count);
            }
        });
        return shown;
    }
}
