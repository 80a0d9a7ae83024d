package io.aiswarm.bench;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Throughput: N tasks of {@code sleep 0.1} on W exec workers, event-driven master in this JVM. Makespan runs from
 * the master's first ASSIGNED line to the last DONE line; the ideal is N x 100 ms / W. CPU is split between the
 * master, tmux and the panes' processes ({@link CpuSplit}).
 */
final class ThroughputBench {
    static final double TASK_SECONDS = 0.1;

    record Result(int tasks, int workers, double makespanSeconds, double idealSeconds, double efficiencyPercent,
                  CpuSplit cpuPerTask, long failed) {
    }

    private ThroughputBench() {
    }

    static Result measure(int workers, int tasks) throws InterruptedException {
        try (BenchSwarm swarm = BenchSwarm.start("throughput", workers, Map.of("AI_SWARM_POLL_INTERVAL", "1.0"))) {
            swarm.addTasks(tasks, "sleep", i -> "sleep " + TASK_SECONDS);
            CpuSplit.Meter cpu = CpuSplit.start(swarm.serverPid());
            MasterRun.untilDrained(swarm.master(true), Duration.ofSeconds(120 + tasks / 4));
            CpuSplit cpuPerTask = cpu.perTask(tasks);
            List<StatusEvent> events = swarm.statusEvents();
            Instant first = events.stream().filter(e -> e.state() == BroadcastState.ASSIGNED).map(StatusEvent::ts)
                    .min(Instant::compareTo).orElseThrow(() -> new IllegalStateException("nothing was assigned"));
            Instant last = events.stream().filter(e -> e.state() == BroadcastState.DONE || e.state() == BroadcastState.ERROR)
                    .map(StatusEvent::ts).max(Instant::compareTo).orElseThrow(() -> new IllegalStateException("nothing finished"));
            long failed = events.stream().filter(e -> e.state() == BroadcastState.ERROR).count();
            double makespan = Duration.between(first, last).toNanos() / 1e9;
            double ideal = tasks * TASK_SECONDS / workers;
            return new Result(tasks, workers, makespan, ideal, 100 * ideal / makespan, cpuPerTask, failed);
        }
    }
}
