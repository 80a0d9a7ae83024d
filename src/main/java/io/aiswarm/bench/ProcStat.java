package io.aiswarm.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process from /proc/PID/status, and CPU times from /proc/PID/stat. */
public final class ProcStat {
    private ProcStat() {
    }

    /** VmRSS (resident now) in MiB, NaN when unknown. */
    static double rssMiB(long pid) {
        return statusKiB(pid, "VmRSS:") / 1024.0;
    }

    /** VmHWM (peak resident) in MiB, NaN when unknown. */
    static double peakRssMiB(long pid) {
        return statusKiB(pid, "VmHWM:") / 1024.0;
    }

    private static double statusKiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        return Double.NaN;
    }

    /** utime + stime of a process itself (not its children), in milliseconds; 0 when it is gone. */
    static long ownCpuMillis(long pid) {
        return statTicks(Long.toString(pid), 14) * 10; // fields 14, 15; 100 ticks per second
    }

    /**
     * CPU of a process tree in milliseconds: the process, the children it reaped, and its live descendants with the
     * children they reaped (a server that forks a process per connection, or per pane); 0 when it is gone.
     */
    public static long treeCpuMillis(long pid) {
        long ms = (statTicks(Long.toString(pid), 14) + statTicks(Long.toString(pid), 16)) * 10;
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
            String c = Long.toString(child.pid());
            ms += (statTicks(c, 14) + statTicks(c, 16)) * 10;
        }
        return ms;
    }

    /** cutime + cstime of this JVM: the children it started and reaped, in milliseconds. */
    static long reapedChildrenCpuMillis() {
        return statTicks("self", 16) * 10; // fields 16, 17
    }

    /** The sum of fields {@code field} and {@code field + 1} of /proc/PROC/stat (numbered as in proc(5)); 0 if gone. */
    private static long statTicks(String proc, int field) {
        try {
            String stat = Files.readString(Path.of("/proc", proc, "stat"), StandardCharsets.ISO_8859_1);
            // the command name (field 2) is in parentheses and may hold spaces: field N is f[N - 3]
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[field - 3]) + Long.parseLong(f[field - 2]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time of this JVM, all threads, in nanoseconds. */
    static long jvmCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
