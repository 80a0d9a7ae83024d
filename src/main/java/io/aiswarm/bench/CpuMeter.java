package io.aiswarm.bench;

import io.aiswarm.tmux.ProcessTreeCpu;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
        return jvmNanos() + reapedChildrenMillis() * 1_000_000 + ProcessTreeCpu.cpuMillis(serverPid) * 1_000_000;
    }

    private static long jvmNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static long reapedChildrenMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.ISO_8859_1);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10; // cutime + cstime, 100 ticks/s
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
