package io.aiswarm.bench;

import io.aiswarm.tmux.ProcessTreeCpu;

/**
 * CPU used by everything a tmux call costs: this JVM (all threads), the tmux client processes it
 * started and reaped (cutime+cstime of /proc/self/stat), and the tmux server process.
 */
final class CpuMeter {
    private final long serverPid;

    CpuMeter(long serverPid) {
        this.serverPid = serverPid;
    }

    /** Total CPU nanoseconds so far: JVM + reaped children + tmux server. */
    long nanos() {
        return ProcStat.jvmCpuNanos() + ProcStat.reapedChildrenCpuMillis() * 1_000_000
                + ProcessTreeCpu.cpuMillis(serverPid) * 1_000_000;
    }
}
