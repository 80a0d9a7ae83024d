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

    /** The {@code queue:} line (declined apart), then the blocked and unroutable tasks, as `swarm status` prints them. */
    public void appendTo(StringBuilder out, Map<TaskStatus, Integer> totals) {
        out.append("queue:");
        shownTotals(totals).forEach((status, count) -> out.append(' ').append(status).append(' ').append(count)
                .append(','));
        out.setLength(out.length() - 1);
        out.append('\n');
        table(out, "blocked", blocked, blockedTotal, "swarm task retry DEP unblocks them");
        table(out, "no worker takes", unroutable, unroutableTotal,
                "swarm scale PROFILE:N adds workers; swarm task rm ID removes a task");
    }

    /** The same as JSON fields: {@code queue}, and {@code blocked} and {@code unroutable} when there are any. */
    public void putJson(Map<String, Object> json, Map<TaskStatus, Integer> totals) {
        json.put("queue", shownTotals(totals));
        if (blockedTotal > 0) json.put("blocked", notesJson(blocked));
        if (unroutableTotal > 0) json.put("unroutable", notesJson(unroutable));
    }

    private static void table(StringBuilder out, String title, List<Note> shown, int total, String hint) {
        if (total == 0) return;
        out.append(title).append(" (").append(total).append("; ").append(hint).append("):\n");
        for (Note n : shown) out.append("  ").append(n.taskId()).append("  ").append(n.why()).append('\n');
        if (total > shown.size()) out.append("  ... ").append(total - shown.size()).append(" more\n");
    }

    private static List<Map<String, Object>> notesJson(List<Note> notes) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Note n : notes) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("task_id", n.taskId());
            m.put("reason", n.why());
            list.add(m);
        }
        return list;
    }
}
