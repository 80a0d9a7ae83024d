package io.aiswarm.state;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings from the environment, parsed once. A bad value names the variable and what it accepts.
 * Tests pass their own map instead of System.getenv().
 */
public record SwarmConfig(String cluster, Path swarmDir, Path tasksFile, Duration pollInterval, long lockTtlSeconds,
                          String tmuxSocket, int maxAttempts, Map<String, String> env) {

    public static final String ENV_DIR = "AI_SWARM_DIR";
    public static final String ENV_TASKS_FILE = "AI_SWARM_TASKS_FILE";
    public static final String ENV_POLL_INTERVAL = "AI_SWARM_POLL_INTERVAL";
    public static final String ENV_LOCK_TTL = "AI_SWARM_LOCK_TTL";
    public static final String ENV_TMUX_SOCKET = "AI_SWARM_TMUX_SOCKET";
    public static final String ENV_MAX_ATTEMPTS = "AI_SWARM_MAX_ATTEMPTS";
    public static final String DEFAULT_CLUSTER = "default";
    public static final String DEFAULT_TASKS_FILE = "tasks.json";
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public static SwarmConfig fromEnvironment(String cluster) {
        return from(cluster, System.getenv());
    }

    public static SwarmConfig from(String cluster, Map<String, String> env) {
        String name = cluster == null || cluster.isBlank() ? DEFAULT_CLUSTER : cluster;
        if (!SafeNames.isSafe(name)) {
            throw new SwarmStateException("cluster name '" + name + "' is not allowed: " + SafeNames.RULE);
        }
        Path dir = env.containsKey(ENV_DIR) && !env.get(ENV_DIR).isBlank()
                ? Path.of(env.get(ENV_DIR)).toAbsolutePath().normalize()
                : defaultStateHome(env).resolve("ai-swarm").resolve(name);
        Path tasks = dir.resolve(tasksFileName(env.getOrDefault(ENV_TASKS_FILE, "")));
        double poll = positiveNumber(env, ENV_POLL_INTERVAL, 1.0);
        long ttl = (long) positiveNumber(env, ENV_LOCK_TTL, 300);
        int attempts = (int) positiveNumber(env, ENV_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS);
        String socket = env.getOrDefault(ENV_TMUX_SOCKET, "");
        if (socket.isBlank()) socket = "ai-swarm";
        if (!socket.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new SwarmStateException(ENV_TMUX_SOCKET + "='" + socket
                    + "' is not a valid tmux socket name: use letters, digits, '.', '_' or '-'");
        }
        return new SwarmConfig(name, dir, tasks, Duration.ofMillis(Math.round(poll * 1000)), ttl, socket, attempts,
                Map.copyOf(env));
    }

    /**
     * The queue's file name inside the swarm directory. An absolute path or one with '..' could name a file in a
     * shared directory, where anyone could plant tasks that then run as this user: only a plain name is accepted.
     */
    private static String tasksFileName(String raw) {
        String name = raw.trim();
        if (name.isEmpty()) return DEFAULT_TASKS_FILE;
        if (name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0
                || name.length() > 255) {
            throw new SwarmStateException(ENV_TASKS_FILE + "='" + raw + "' must be a plain file name inside the swarm"
                    + " directory (no '/', not '.' or '..'), e.g. tasks.json; set " + ENV_DIR
                    + " to move the whole directory instead");
        }
        return name;
    }

    private static Path defaultStateHome(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg);
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state");
    }

    private static double positiveNumber(Map<String, String> env, String name, double fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) return fallback;
        try {
            double value = Double.parseDouble(raw.trim());
            if (value > 0 && Double.isFinite(value)) return value;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SwarmStateException(name + "='" + raw + "' is not a positive number; unset it to use the default "
                + fallback);
    }

    /** A setting not modelled above (rescuer switches, notify command); empty string when unset. */
    public String setting(String name) {
        return env.getOrDefault(name, "");
    }

    public SwarmPaths paths() {
        return new SwarmPaths(swarmDir, tasksFile);
    }
}
