package io.aiswarm.bench;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatch latency: exec workers run instant tasks ({@code true}); for every task after a worker's first, the
 * time from the worker's DONE line (written by the task script the moment its command ended) to its next START
 * line (written by the next task's script once its pane was respawned). Both timestamps come from the same
 * shell clock with millisecond resolution. Run once event-driven and once polling every second.
 */
final class DispatchLatencyBench {
    private DispatchLatencyBench() {
    }

    /** Each dispatch split in two: DONE -> ASSIGNED (the master noticed and dispatched), ASSIGNED -> START. */
    record Result(Percentiles total, Percentiles masterReaction, Percentiles paneStart, Percentiles assignInterval,
                  CpuSplit cpuPerTask) {
    }

    record Gap(double totalMs, double reactionMs, double startMs) {
    }

    static Result measure(int workers, int tasks, boolean eventDriven) throws InterruptedException {
        try (BenchSwarm swarm = BenchSwarm.start(eventDriven ? "dispatch" : "dispatch-poll", workers,
                Map.of("AI_SWARM_POLL_INTERVAL", "1.0"))) {
            swarm.addTasks(tasks, "instant", i -> "true");
            CpuSplit.Meter cpu = CpuSplit.start(swarm.serverPid());
            MasterRun.untilDrained(swarm.master(eventDriven), Duration.ofSeconds(60 + tasks * (eventDriven ? 1L : 2L)));
            List<Gap> gaps = gaps(swarm.statusEvents());
            if (gaps.isEmpty()) throw new IllegalStateException("no worker ran two tasks: nothing to measure");
            return new Result(Percentiles.of(gaps.stream().map(Gap::totalMs).toList()),
                    Percentiles.of(gaps.stream().map(Gap::reactionMs).filter(v -> !v.isNaN()).toList()),
                    Percentiles.of(gaps.stream().map(Gap::startMs).filter(v -> !v.isNaN()).toList()),
                    Percentiles.of(assignIntervals(swarm.statusEvents())), cpu.perTask(tasks));
        }
    }

    /**
     * Per worker, in log order: from a DONE/ERROR line to the next START line of another task on that worker,
     * split at the master's ASSIGNED line of that task. A START with no DONE before it (a worker's first task)
     * is not a dispatch after a task ended.
     */
    static List<Gap> gaps(List<StatusEvent> events) {
        Map<String, StatusEvent> lastEnd = new HashMap<>();
        Map<String, StatusEvent> assigned = new HashMap<>();
        List<Gap> gaps = new ArrayList<>();
        for (StatusEvent e : events) {
            if (e.state() == BroadcastState.DONE || e.state() == BroadcastState.ERROR) {
                lastEnd.put(e.workerId(), e);
            } else if (e.state() == BroadcastState.ASSIGNED) {
                assigned.put(e.workerId() + "\n" + e.taskId(), e);
            } else if (e.state() == BroadcastState.START) {
                StatusEvent end = lastEnd.remove(e.workerId());
                StatusEvent assign = assigned.remove(e.workerId() + "\n" + e.taskId());
                if (end != null && !end.taskId().equals(e.taskId())) {
                    double total = millis(end, e);
                    gaps.add(assign == null ? new Gap(total, Double.NaN, Double.NaN)
                            : new Gap(total, millis(end, assign), millis(assign, e)));
                }
            }
        }
        return gaps;
    }

    /** Time between consecutive ASSIGNED lines: how fast the master hands out tasks when all are instant. */
    static List<Double> assignIntervals(List<StatusEvent> events) {
        List<Double> intervals = new ArrayList<>();
        StatusEvent previous = null;
        for (StatusEvent e : events) {
            if (e.state() != BroadcastState.ASSIGNED) continue;
            if (previous != null) intervals.add(millis(previous, e));
            previous = e;
        }
        return intervals.isEmpty() ? List.of(Double.NaN) : intervals;
    }

    private static double millis(StatusEvent from, StatusEvent to) {
        return Duration.between(from.ts(), to.ts()).toNanos() / 1e6;
    }
}
