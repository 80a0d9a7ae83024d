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

    /** Which task each worker was given (see WorkerClaims). */
    public Path claimsDir() {
        return root.resolve("claims");
    }

    /** The scripts and commands of running exec tasks (see the master's RunFiles). */
    public Path runDir() {
        return root.resolve("run");
    }

    public Path resultLog(String taskId) {
        return resultsDir().resolve(taskId + ".log");
    }

    /** The active master's local socket (a Unix domain socket; the directory's 0700 mode guards it). */
    public Path controlSocket() {
        return root.resolve("master.sock");
    }

    /** Where `swarm serve` asks the master to serve the web page ({"bind": …, "port": …}); absent: no page. */
    public Path serveSettings() {
        return root.resolve("serve.json");
    }

    /** The web page's access token (0600), made the first time a page is served beyond loopback. */
    public Path webToken() {
        return root.resolve("web.token");
    }
}
