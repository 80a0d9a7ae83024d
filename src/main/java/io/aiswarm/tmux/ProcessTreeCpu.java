package io.aiswarm.tmux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * CPU time of a process tree, from /proc: utime+stime of each live process plus cutime+cstime
 * (children it already reaped), walking children through /proc/PID/task/TID/children.
 * Lets the master tell a quiet agent that computes from one that hangs. 0 when /proc is unavailable.
 */
public final class ProcessTreeCpu {
    private static final Path PROC = Path.of("/proc");
    /**
     * /proc reports CPU times in USER_HZ, which Linux fixes at 100 for user space on every architecture a JDK 17
     * runs on: no getconf process needed (a process start costs a quick command like swarm status ~10 ms).
     */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessTreeCpu() {
    }

    public static long cpuMillis(long rootPid) {
        long ticks = 0;
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> todo = new ArrayDeque<>();
        todo.add(rootPid);
        while (!todo.isEmpty() && seen.size() < 10_000) {
            long pid = todo.poll();
            if (pid <= 0 || !seen.add(pid)) continue;
            ticks += ownTicks(pid);
            addChildren(pid, todo);
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /** utime + stime + cutime + cstime (fields 14-17 of /proc/PID/stat), 0 when the process is gone. */
    static long ownTicks(long pid) {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return 0;
        }
        // the command name (field 2) is in parentheses and may contain spaces or ')': split after the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0) return 0;
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state), so field N is f[N - 3]
        if (f.length < 15) return 0;
        try {
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void addChildren(long pid, ArrayDeque<Long> todo) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                String children;
                try {
                    children = Files.readString(task.resolve("children"), StandardCharsets.ISO_8859_1).trim();
                } catch (IOException e) {
                    continue;
                }
                if (children.isEmpty()) continue;
                for (String child : children.split(" ")) {
                    todo.add(Long.parseLong(child));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // process gone or /proc unavailable: count what we have
        }
    }
}
