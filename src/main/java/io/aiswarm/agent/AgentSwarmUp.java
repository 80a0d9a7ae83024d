package io.aiswarm.agent;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm up --agent NAME}: seeds the agent's first-run files, installs its hooks (when it has them), starts
 * the swarm's tmux session with one agent pane per worker and records the profile for the master.
 */
public final class AgentSwarmUp {
    /** What was started, for the command to print. */
    public record Started(String session, List<String> workers, List<Path> seeded, List<Path> hookFiles) {
    }

    private AgentSwarmUp() {
    }

    public static Started up(SwarmConfig config, AgentProfile profile, int workers, String layout, Path workdir,
                             boolean hooks, List<String> masterCommand) {
        Map<String, String> env = config.env();
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Placeholders ph = new Placeholders(workdir, home, SwarmHome.locate(env), env);
        AgentLauncher launcher = new AgentLauncher(profile, ph, config.swarmDir());
        launcher.executable(); // fail before anything is started or written
        String session = sessionName(config.cluster());
        if (TmuxSwarmManager.sessionExists(config.tmuxSocket(), session)) {
            throw new IllegalArgumentException("tmux session '" + session + "' already runs on socket '"
                    + config.tmuxSocket() + "': stop it with `swarm down` first, or attach with `swarm attach`");
        }
        List<Path> seeded = AgentSeeder.seed(profile, ph);
        List<Path> hookFiles = hooks && AgentHooks.AGENTS.contains(profile.name())
                ? AgentHooks.install(profile.name(), AgentHooks.defaultDir(profile.name(), env, workdir),
                config.swarmDir()) : List.of();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < workers; i++) ids.add("worker-" + i);
        new AgentWorkersFile(profile.name(), ids, workdir).write(config.swarmDir());
        try (TmuxSwarmManager tmux = TmuxSwarmManager.create(new SessionSpec(config.tmuxSocket(), session, 0, layout,
                workdir, Map.of(), masterCommand, null))) {
            for (String id : ids) tmux.addWorker(id, launcher.command(id));
        }
        return new Started(session, ids, seeded, hookFiles);
    }

    /** The swarm's session name, as the master looks it up. */
    public static String sessionName(String cluster) {
        return "swarm-" + cluster;
    }
}
