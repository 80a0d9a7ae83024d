package io.aiswarm.tmux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Ends a swarm session and everything started in it: the panes' processes and their descendants
 * (a task that ignores SIGHUP or runs in the background would outlive a plain kill-session), then the
 * session, then the tmux server when no other session is left on it. Never kills the calling process
 * or its ancestors (someone may run {@code swarm down} from inside the swarm).
 */
final class SessionTeardown {
    private static final long GRACE_MILLIS = 3000;

    private SessionTeardown() {
    }

    static void kill(TmuxProcessRunner runner, String session) {
        List<ProcessHandle> processes = processesOf(runner, session);
        Set<Long> spared = selfAndAncestors();
        List<ProcessHandle> targets = processes.stream().filter(p -> !spared.contains(p.pid()))
                .sorted(java.util.Comparator.comparingInt(SessionTeardown::depth)).collect(Collectors.toList());
        // SIGTERM, parents before their children: let agents save and exit; an exec runner (which has no handler)
        // dies before its task does, so it never reports the task it ran as failed by the stop
        targets.forEach(ProcessHandle::destroy);
        TmuxProcessRunner.Result result = runner.tryRun("kill-session", "-t", "=" + session);
        if (result.exitCode() != 0 && TmuxSwarmManager.sessionExists(runner.socket(), session)) {
            throw new TmuxException("could not kill tmux session '" + session + "' on socket '" + runner.socket()
                    + "': " + result.stderr().strip());
        }
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        for (ProcessHandle p : targets) {
            long left = deadline - System.currentTimeMillis();
            try {
                if (left > 0) p.onExit().get(left, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // still running: killed below
            }
            if (p.isAlive()) p.destroyForcibly();
        }
        killServerIfEmpty(runner);
    }

    /**
     * The tmux server exits by itself when its last session ends; make sure, without touching other
     * sessions, and remove the socket file a stopped server can leave behind.
     */
    static void killServerIfEmpty(TmuxProcessRunner runner) {
        TmuxProcessRunner.Result sessions = runner.tryRun("list-sessions", "-F", "#{session_name}");
        if (sessions.exitCode() == 0 && !sessions.stdout().isEmpty()) return;
        if (sessions.exitCode() == 0) runner.tryRun("kill-server");
        TmuxProcessRunner.Result after = runner.tryRun("list-sessions");
        String why = after.stderr();
        if (after.exitCode() != 0 && (why.contains("no server running") || why.contains("error connecting")
                || why.contains("server exited") || why.contains("lost server"))) {
            try {
                Files.deleteIfExists(TmuxProcessRunner.socketFile(runner.socket()));
            } catch (IOException ignored) {
                // not ours to remove, or already gone
            }
        }
    }

    /**
     * Every pane is its own process session (tmux calls setsid), so a task's background processes keep the
     * pane's pid as their session id even after the pane's shell died and they were re-parented. Linux does
     * not reuse a pid while it still names a session; so for a dead pane whose pid now belongs to a live
     * process (not a zombie: tmux can mark a pane dead when its terminal closes, before it reaps the process),
     * the pid was reused by someone else and nothing is matched.
     */
    private static List<ProcessHandle> processesOf(TmuxProcessRunner runner, String session) {
        Set<Long> sessionIds = new HashSet<>();
        Set<ProcessHandle> all = new HashSet<>();
        TmuxProcessRunner.Result panes = runner.tryRun("list-panes", "-s", "-t", "=" + session, "-F",
                "#{pane_dead} #{pane_pid}");
        if (panes.exitCode() != 0) return List.of();
        for (String line : panes.stdout()) {
            String[] f = line.trim().split(" ");
            if (f.length != 2) continue;
            long pid;
            try {
                pid = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || isZombie(pid)) {
                // orphans of a finished pane: its process is gone, or exited and not yet reaped by tmux (tmux marks
                // the pane dead when its terminal closes, which can come first), or tmux has not noticed yet
                sessionIds.add(pid);
            } else if (f[0].equals("0")) {
                sessionIds.add(pid);
                process.get().descendants().forEach(all::add); // including any that started their own session
            }
        }
        ProcessHandle.allProcesses().filter(p -> sessionIds.contains(sessionId(p.pid()))).forEach(all::add);
        return new ArrayList<>(all);
    }

    /** How many ancestors a process has (init's children: 1). */
    private static int depth(ProcessHandle p) {
        int depth = 0;
        for (Optional<ProcessHandle> up = p.parent(); up.isPresent() && depth < 256; up = up.get().parent()) depth++;
        return depth;
    }

    private static boolean isZombie(long pid) {
        String[] f = statFields(pid);
        return f != null && f[0].equals("Z");
    }

    private static long sessionId(long pid) {
        String[] f = statFields(pid);
        try {
            return f == null ? -1 : Long.parseLong(f[3]); // field 6: session id
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The fields of /proc/PID/stat after the command name: [0] is field 3 (state); null when unreadable. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return f.length > 3 ? f : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Set<Long> selfAndAncestors() {
        Set<Long> pids = new HashSet<>();
        Optional<ProcessHandle> p = Optional.of(ProcessHandle.current());
        while (p.isPresent()) {
            pids.add(p.get().pid());
            p = p.get().parent();
        }
        return pids;
    }
}
