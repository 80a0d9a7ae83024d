package io.aiswarm.view;

import io.aiswarm.master.StatusReport;
import io.aiswarm.master.WorkerStatus;
import io.aiswarm.master.WorkspaceSummary;
import io.aiswarm.state.TaskStatus;
import java.time.Instant;
import java.util.Map;

/**
 * The swarm at one master round.
 *
 * @param version      grows whenever something a view shows changed
 * @param at           when the round scanned
 * @param master       the active master ("pid N on host since …"), null before the first round
 * @param workers      every worker's status, sorted by worker id
 * @param queue        how many tasks are in each status
 * @param lastEventSeq the number of the newest status event, 0 when none
 * @param work         with worktrees: each worker's branch and the finished tasks' integration; null without
 */
public record ViewSnapshot(long version, Instant at, String cluster, String master, Map<String, WorkerStatus> workers,
                           Map<TaskStatus, Integer> queue, long lastEventSeq, WorkspaceSummary work) {
    public ViewSnapshot(long version, Instant at, String cluster, String master, Map<String, WorkerStatus> workers,
                        Map<TaskStatus, Integer> queue, long lastEventSeq) {
        this(version, at, cluster, master, workers, queue, lastEventSeq, null);
    }

    /** What `swarm status` prints, with durations counted to {@code now}. */
    public StatusReport report(Instant now) {
        return new StatusReport(now, master, workers, queue).withWorkspaces(work);
    }
}
