package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.TaskInfo;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A worker whose last status line names a task that no longer runs on it is idle, whatever that line says: a START
 * appended after the task's DONE (a late answer to a prompt of a task that ended at once) must not keep the worker
 * busy for ever, across restarts and log rotations. An answer never makes work that is not there.
 */
public final class StaleWorkerLines {
    private StaleWorkerLines() {
    }

    /** The statuses with the stale ones idle; {@code active} (the active tasks) is read only when one may be stale. */
    public static Map<String, WorkerStatus> settle(Map<String, WorkerStatus> statuses,
                                                   Supplier<? extends Collection<TaskInfo>> active) {
        boolean any = statuses.values().stream().anyMatch(s -> stale(s, null));
        return any ? settle(statuses, active.get()) : statuses;
    }

    static Map<String, WorkerStatus> settle(Map<String, WorkerStatus> statuses, Collection<TaskInfo> active) {
        Set<String> running = new HashSet<>();
        for (TaskInfo t : active) {
            if (t.workerId() != null) running.add(t.workerId() + '\n' + t.taskId());
        }
        Map<String, WorkerStatus> settled = null;
        for (WorkerStatus s : statuses.values()) {
            if (!stale(s, running)) continue;
            if (settled == null) settled = new LinkedHashMap<>(statuses);
            settled.put(s.workerId(), s.withoutTask());
        }
        return settled == null ? statuses : settled;
    }

    /** With {@code running} null: whether the line could be stale at all. */
    private static boolean stale(WorkerStatus s, Set<String> running) {
        BroadcastState state = s.state();
        return s.hasTask() && !s.holdsLiveLock()
                && (running == null || !running.contains(s.workerId() + '\n' + s.taskId()))
                && (state == BroadcastState.START || state == BroadcastState.WAIT || state == BroadcastState.HELP);
    }
}
