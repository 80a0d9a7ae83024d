package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process group a task's script ran as (a pane's process leads its own group, so the pid its START line reports
 * is the group id), seen through /proc. "Pane gone" or "cancelled" is not "process gone": a task that ignores SIGHUP
 * outlives its pane, one cleaning up after Ctrl-C outlives its cancel. A task runs again only once its previous group
 * is gone. The group's id cannot be given to a new group while any member of the old one lives, so a leader with
 * another start time means the old group is gone.
 */
final class ProcessGroups {
    static final String PGID = "pgid";
    static final String PGID_START = "pgid_start";
    static final String PGID_HOST = "pgid_host";
    /** The pid of the pane's runner that started the task ({@link ExecRunner}); absent when the pane ran it itself. */
    static final String RUNNER = "runner_pid";
    private static final Path PROC = Path.of("/proc");

    private ProcessGroups() {
    }

    /** The task as started by the process {@code pid} (its group), with the start time /proc shows for it now. */
    static TaskInfo recorded(TaskInfo task, long pid, long startTicks, Long runnerPid) {
        TaskInfo copy = new TaskInfo(task.taskId(), task.command(), task.prompt(), task.priority(), task.status(),
                task.seq(), task.attempts(), task.workerId(), task.createdAt(), task.updatedAt(), task.assignedAt(),
                task.startedAt(), task.finishedAt(), task.exitCode(), task.resultFile(), task.error(), task.extra());
        copy.extra().put(PGID, pid);
        copy.extra().put(PGID_START, startTicks);
        copy.extra().put(PGID_HOST, host());
        if (runnerPid != null) copy.extra().put(RUNNER, runnerPid);
        return copy;
    }

    /** The pids of the live members of the group a task last ran as, on this machine; empty when it is gone. */
    static List<Long> members(TaskInfo task) {
        if (!(task.extra().get(PGID) instanceof Number pgid) || !host().equals(task.extra().get(PGID_HOST))) {
            return List.of();
        }
        long start = task.extra().get(PGID_START) instanceof Number n ? n.longValue() : -1;
        long leaderStart = startTicks(pgid.longValue());
        if (leaderStart >= 0 && start >= 0 && leaderStart != start) return List.of(); // the id was given anew
        return membersOf(pgid.longValue());
    }

    /** Signals every member: SIGTERM, or SIGKILL when {@code force}. Returns how many were signalled. */
    static int kill(List<Long> members, boolean force) {
        int n = 0;
        for (long pid : members) {
            var handle = ProcessHandle.of(pid);
            if (handle.isPresent() && (force ? handle.get().destroyForcibly() : handle.get().destroy())) n++;
        }
        return n;
    }

    /** The start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), or -1 when it is gone. */
    static long startTicks(long pid) {
        String[] f = statFields(pid);
        return f == null || f.length < 20 ? -1 : parse(f[19]);
    }

    private static List<Long> membersOf(long pgid) {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path p : procs) {
                long pid = Long.parseLong(p.getFileName().toString());
                String[] f = statFields(pid);
                // f[0] state, f[2] pgrp; a zombie is dead already
                if (f != null && f.length > 2 && !f[0].equals("Z") && parse(f[2]) == pgid) members.add(pid);
            }
        } catch (IOException e) {
            return members;
        }
        return members;
    }

    /** The fields of /proc/PID/stat after the command name (state first), or null when the process is gone. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
            int close = stat.lastIndexOf(')');
            return close < 0 ? null : stat.substring(close + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static volatile String host;

    /** This machine's name as the kernel has it (the same in every process, unlike $HOSTNAME). */
    private static String host() {
        String name = host;
        if (name == null) {
            try {
                name = Files.readString(PROC.resolve("sys/kernel/hostname")).trim();
            } catch (IOException e) {
                name = "localhost";
            }
            host = name;
        }
        return name;
    }
}
