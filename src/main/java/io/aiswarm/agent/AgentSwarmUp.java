package io.aiswarm.agent;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.tmux.TmuxSwarmManager;
import io.aiswarm.tmux.TmuxSwarmManager.SessionSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm up --agent NAME}: checks the agent's command, seeds the agent's first-run files, installs its hooks (when it has them), starts
 * the swarm's tmux session with one agent pane per worker and records the profile for the master.
 */
public final class AgentSwarmUp {
    /** What was started, for the command to print. */
    public record Started(String session, List<String> workers, List<Path> seeded, List<Path> hookFiles) {
    }

    private AgentSwarmUp() {
    }

    /**
     * Starts {@code spec}'s session (its master window, environment and layout) with {@code spec.workers()} panes
     * running the profile's agent instead of a shell.
     */
    public static Started up(SwarmConfig config, AgentProfile profile, SessionSpec spec, boolean hooks) {
        Map<String, String> env = config.env();
        Path workdir = spec.workdir();
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Placeholders ph = new Placeholders(workdir, home, SwarmHome.locate(env), env);
        AgentLauncher launcher = new AgentLauncher(profile, ph, config.swarmDir());
        launcher.executable(); // fail before anything is started or written
        if (TmuxSwarmManager.sessionExists(spec.socket(), spec.session())) {
            throw new IllegalArgumentException("tmux session '" + spec.session() + "' already runs on socket '"
                    + spec.socket() + "': stop it with `swarm down` first, or attach with `swarm attach`");
        }
        List<Path> seeded = AgentSeeder.seed(profile, ph);
        List<Path> hookFiles = hooks && AgentHooks.AGENTS.contains(profile.name())
                ? AgentHooks.install(profile.name(), AgentHooks.defaultDir(profile.name(), env, workdir),
                config.swarmDir()) : List.of();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < spec.workers(); i++) ids.add("worker-" + i);
        new AgentWorkersFile(profile.name(), ids, workdir).write(config.swarmDir());
        try (TmuxSwarmManager tmux = TmuxSwarmManager.create(new SessionSpec(spec.socket(), spec.session(), 0,
                spec.layout(), workdir, spec.env(), spec.masterCommand(), null))) {
            for (String id : ids) tmux.addWorker(id, launcher.command(id));
        }
        return new Started(spec.session(), ids, seeded, hookFiles);
    }

}
