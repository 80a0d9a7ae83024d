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

    static Percentiles measure(int workers, int tasks, boolean eventDriven) throws InterruptedException {
        try (BenchSwarm swarm = BenchSwarm.start(eventDriven ? "dispatch" : "dispatch-poll", workers,
                Map.of("AI_SWARM_POLL_INTERVAL", "1.0"))) {
            swarm.addTasks(tasks, "instant", i -> "true");
            MasterRun.untilDrained(swarm.master(eventDriven), Duration.ofSeconds(60 + tasks * (eventDriven ? 1L : 2L)));
            List<Double> gaps = gapsMillis(swarm.statusEvents());
            if (gaps.isEmpty()) throw new IllegalStateException("no worker ran two tasks: nothing to measure");
            return Percentiles.of(gaps);
        }
    }

    /**
     * Per worker, in log order: from a DONE/ERROR line to the next START line of another task on that worker.
     * A START with no DONE before it (a worker's first task) is not a dispatch after a task ended.
     */
    static List<Double> gapsMillis(List<StatusEvent> events) {
        Map<String, StatusEvent> lastEnd = new HashMap<>();
        List<Double> gaps = new ArrayList<>();
        for (StatusEvent e : events) {
            if (e.state() == BroadcastState.DONE || e.state() == BroadcastState.ERROR) {
                lastEnd.put(e.workerId(), e);
            } else if (e.state() == BroadcastState.START) {
                StatusEvent end = lastEnd.remove(e.workerId());
                if (end != null && !end.taskId().equals(e.taskId())) {
                    gaps.add(Duration.between(end.ts(), e.ts()).toNanos() / 1e6);
                }
            }
        }
        return gaps;
    }
}
