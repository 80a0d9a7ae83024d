package io.aiswarm.bench;

import io.aiswarm.tmux.ProcessTreeCpu;

/**
 * CPU a benchmark run spent, split by who spent it: the master (this JVM; nothing else runs in it meanwhile), the
 * tmux server itself, and the panes' processes (the server's children, live and reaped: task scripts, their
 * commands, the output pipes). Per task, it says what one task costs the machine.
 */
record CpuSplit(double masterMs, double tmuxMs, double panesMs) {
    /** Starts counting now; {@link Meter#perTask} gives the split since then. */
    static Meter start(long tmuxServerPid) {
        return new Meter(tmuxServerPid);
    }

    double totalMs() {
        return masterMs + tmuxMs + panesMs;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "%.1f in the pane's processes, %.1f in the master, %.1f in tmux",
                panesMs, masterMs, tmuxMs);
    }

    static final class Meter {
        private final long serverPid;
        private final long master0;
        private final long tmux0;
        private final long panes0;

        private Meter(long serverPid) {
            this.serverPid = serverPid;
            this.master0 = ProcStat.jvmCpuNanos();
            this.tmux0 = ProcStat.ownCpuMillis(serverPid);
            this.panes0 = ProcessTreeCpu.cpuMillis(serverPid) - tmux0;
        }

        CpuSplit perTask(int tasks) {
            long tmux = ProcStat.ownCpuMillis(serverPid);
            long panes = ProcessTreeCpu.cpuMillis(serverPid) - tmux;
            return new CpuSplit((ProcStat.jvmCpuNanos() - master0) / 1e6 / tasks, (double) (tmux - tmux0) / tasks,
                    (double) (panes - panes0) / tasks);
        }
    }
}
