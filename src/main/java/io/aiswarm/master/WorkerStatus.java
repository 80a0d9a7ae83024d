package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import java.time.Instant;

/**
 * What the master knows about one worker after a scan.
 *
 * @param state         the last state the worker reported, null when it never reported one
 * @param taskId        the task of that line, "" when none
 * @param timestamp     when that line was written, null when there is none
 * @param holdsLiveLock the worker owns an unexpired task lock
 * @param heartbeat     the last sign of life: its pane now, its lock heartbeat or its last line; null when none
 * @param cpuMillis     CPU time of the pane's process tree; cpuDeltaMillis how much it grew since the last scan
 * @param lastLines     the pane's last lines when the scan asked for them, otherwise null
 */
public record WorkerStatus(String workerId, BroadcastState state, String taskId, Instant timestamp, String message,
                           boolean holdsLiveLock, Instant heartbeat, PaneState pane, long cpuMillis,
                           long cpuDeltaMillis, String lastLines) {
    public WorkerStatus {
        taskId = taskId == null ? "" : taskId;
        message = message == null ? "" : message;
        pane = pane == null ? PaneState.UNKNOWN : pane;
    }

    /** A worker known only from its last status line (tests, or no pane information). */
    public static WorkerStatus of(String workerId, BroadcastState state, String taskId, Instant ts,
                                  boolean holdsLiveLock) {
        return new WorkerStatus(workerId, state, taskId, ts, "", holdsLiveLock, ts, PaneState.UNKNOWN, 0, 0, null);
    }

    public boolean hasTask() {
        return !taskId.isEmpty();
    }

    public boolean isDead() {
        return pane == PaneState.GONE;
    }

    /** The same worker as if its last line named no task (see {@link StaleWorkerLines}). */
    public WorkerStatus withoutTask() {
        return new WorkerStatus(workerId, null, "", timestamp, "", holdsLiveLock, heartbeat, pane, cpuMillis,
                cpuDeltaMillis, lastLines);
    }

    public WorkerStatus withLastLines(String lines) {
        return new WorkerStatus(workerId, state, taskId, timestamp, message, holdsLiveLock, heartbeat, pane, cpuMillis,
                cpuDeltaMillis, lines);
    }
}
