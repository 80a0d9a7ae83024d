package io.aiswarm.master;

import io.aiswarm.state.TaskInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps a task from running again while its previous run lives on (a task that ignored SIGHUP when its pane was
 * killed, or is still cleaning up after a cancel): such a task waits in the queue, its old process group is asked to
 * end (SIGTERM), and killed (SIGKILL) if it is still there {@link #KILL_AFTER} later.
 */
final class PreviousRuns {
    static final Duration KILL_AFTER = Duration.ofSeconds(10);

    private final Clock clock;
    private final Consumer<String> log;
    private final Map<String, Instant> waitingSince = new HashMap<>();
    /** Task id and group already found gone: not looked up again. */
    private final Set<String> gone = new HashSet<>();

    PreviousRuns(Clock clock, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
    }

    /** True when the task never ran here or its previous process group is gone; otherwise works on ending it. */
    boolean gone(TaskInfo task) {
        Object pgid = task.extra().get(ProcessGroups.PGID);
        if (pgid == null) return true;
        String key = task.taskId() + "/" + pgid;
        if (gone.contains(key)) return true;
        List<Long> members = ProcessGroups.members(task);
        if (members.isEmpty()) {
            gone.add(key);
            waitingSince.remove(key);
            return true;
        }
        Instant now = clock.instant();
        Instant since = waitingSince.putIfAbsent(key, now);
        boolean force = since != null && Duration.between(since, now).compareTo(KILL_AFTER) >= 0;
        ProcessGroups.kill(members, force);
        if (since == null || force) {
            log.accept("task " + task.taskId() + " waits: its previous run (process group " + pgid + ", "
                    + members.size() + " process" + (members.size() == 1 ? "" : "es") + ") is still alive; "
                    + (force ? "killed it (SIGKILL)" : "asked it to end (SIGTERM)"));
        }
        return false;
    }

    /** The task's run was given up (its pane is gone or ended): what is left of its process group is killed. */
    static int killLeftovers(TaskInfo task) {
        return ProcessGroups.kill(ProcessGroups.members(task), true);
    }
}
