package io.aiswarm.tmux;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link TmuxSwarmManager#create(SessionSpec)} builds. The tmux layer takes worker ids as given: which names are
 * allowed is the caller's rule (io.aiswarm.state.WorkerIds); tmux quotes whatever it is given.
 *
 * @param socket        tmux server socket name (-L)
 * @param session       session name, e.g. "swarm-default"
 * @param workerIds     the worker panes' tags (@swarm_worker), in creation order; empty is allowed
 * @param layout        "windows" (one window per worker) or "tiled" (all workers in one window "workers")
 * @param workdir       start directory of every pane; null = the current directory
 * @param env           variables set in the session's environment (every pane sees them)
 * @param masterCommand argv for the master window; null = a shell
 * @param workerCommand argv each worker pane starts with; null = a shell
 */
public record SessionSpec(String socket, String session, List<String> workerIds, String layout, Path workdir,
                          Map<String, String> env, List<String> masterCommand, List<String> workerCommand) {
    public static final String LAYOUT_WINDOWS = "windows";
    public static final String LAYOUT_TILED = "tiled";
    /** The most worker panes one session takes. */
    public static final int MAX_WORKERS = 500;
    /**
     * What a pane starts with before its command, and what an idle exec worker's pane runs: a plain POSIX shell
     * that reads no rc file. The user's interactive shell may run costly start-up files (a pyenv init in
     * ~/.bashrc put the load at 200 with 200 panes), and nothing in the swarm needs them.
     */
    public static final List<String> QUIET_SHELL = List.of("env", "-u", "ENV", "-u", "BASH_ENV", "sh");

    public SessionSpec {
        if (socket == null || !socket.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("tmux socket name '" + socket
                    + "' is not valid: use letters, digits, '.', '_' or '-'");
        }
        if (session == null || !session.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("tmux session name '" + session
                    + "' is not valid: use letters, digits, '.', '_' or '-', not starting with '.'");
        }
        workerIds = List.copyOf(workerIds);
        if (workerIds.size() > MAX_WORKERS) {
            throw new IllegalArgumentException("--workers " + workerIds.size() + " is out of range: use 0 to "
                    + MAX_WORKERS);
        }
        if (layout == null) layout = LAYOUT_WINDOWS;
        if (!layout.equals(LAYOUT_WINDOWS) && !layout.equals(LAYOUT_TILED)) {
            throw new IllegalArgumentException("--layout '" + layout + "' is not known: use windows or tiled");
        }
        env = env == null ? Map.of() : Map.copyOf(env);
        for (String name : env.keySet()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("environment variable name '" + name + "' is not valid");
            }
        }
        masterCommand = masterCommand == null ? null : List.copyOf(masterCommand);
        workerCommand = workerCommand == null ? null : List.copyOf(workerCommand);
    }
}
