package io.aiswarm.master;

import io.aiswarm.state.SafeNames;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.tmux.SessionSpec;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code swarm up} puts in a cluster's session: its name, the environment every pane gets
 * (explicitly, never the caller's TMUX/TMUX_PANE), and how panes start this program again
 * ({@code $AI_SWARM_LAUNCHER}, exported by bin/swarm, or this JVM's java with this jar).
 */
public final class SwarmSession {
    public static final String ENV_LAUNCHER = "AI_SWARM_LAUNCHER";
    public static final String ENV_CLUSTER = "AI_SWARM_CLUSTER";
    /** Agent profile chosen by {@code swarm up --agent}; unset = exec workers. */
    public static final String ENV_AGENT = "AI_SWARM_AGENT";
    private static final String MAIN_CLASS = "io.aiswarm.cli.SwarmMain";

    private SwarmSession() {
    }

    public static String name(String cluster) {
        return "swarm-" + cluster;
    }

    public static SessionSpec spec(SwarmConfig config, int workers, String layout, Path workdir, String agent) {
        Path dir = workdir == null ? Path.of("").toAbsolutePath() : workdir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--workdir " + dir + " is not a directory: create it or pick another");
        }
        if (agent != null && !SafeNames.isSafe(agent)) {
            throw new IllegalArgumentException("--agent '" + agent + "' is not a valid profile name: " + SafeNames.RULE);
        }
        Map<String, String> env = environment(config, agent);
        List<String> master = launcher(env, "master", "--cluster", config.cluster());
        // exec workers wait in a quiet shell (no rc files) between tasks; agent panes get their agent's command
        return new SessionSpec(config.tmuxSocket(), name(config.cluster()), WorkerIds.first(workers), layout, dir, env,
                master,
                agent == null ? SessionSpec.QUIET_SHELL : null);
    }

    /** Every AI_SWARM_* setting of the caller, plus the resolved cluster, swarm directory, socket and agent. */
    static Map<String, String> environment(SwarmConfig config, String agent) {
        Map<String, String> env = new LinkedHashMap<>();
        config.env().forEach((k, v) -> {
            if (k.startsWith("AI_SWARM_")) env.put(k, v);
        });
        env.put(ENV_CLUSTER, config.cluster());
        env.put(SwarmConfig.ENV_DIR, config.swarmDir().toString());
        env.put(SwarmConfig.ENV_TMUX_SOCKET, config.tmuxSocket());
        if (agent != null) {
            env.put(ENV_AGENT, agent);
        } else {
            env.remove(ENV_AGENT);
        }
        return env;
    }

    /** argv that runs this program with args: the launcher script, else java -jar (or -cp) of this JVM. */
    static List<String> launcher(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        String script = env.get(ENV_LAUNCHER);
        if (script != null && !script.isBlank()) {
            command.add(script);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            Path code = codeLocation();
            if (code != null && Files.isRegularFile(code)) {
                command.add("-jar");
                command.add(code.toString());
            } else {
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(MAIN_CLASS);
            }
        }
        command.addAll(List.of(args));
        return command;
    }

    private static Path codeLocation() {
        try {
            return Path.of(SwarmSession.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
