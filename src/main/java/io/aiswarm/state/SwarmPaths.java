package io.aiswarm.state;

import java.nio.file.Path;

/** Where each piece of state lives inside the swarm directory. */
public record SwarmPaths(Path root, Path tasksFile) {
    public static SwarmPaths of(Path root) {
        return new SwarmPaths(root, root.resolve(SwarmConfig.DEFAULT_TASKS_FILE));
    }

    public Path statusLog() {
        return root.resolve("status.log");
    }

    public Path locksDir() {
        return root.resolve("locks");
    }

    public Path resultsDir() {
        return root.resolve("results");
    }

    /** Every decision of the auto-rescuer, one JSON line each. */
    public Path decisionsLog() {
        return root.resolve("rescue-decisions.jsonl");
    }

    /** Held (OS file lock) by the active master of this cluster. */
    public Path masterLock() {
        return root.resolve("master.lock");
    }

    public Path resultLog(String taskId) {
        return resultsDir().resolve(taskId + ".log");
    }
}
