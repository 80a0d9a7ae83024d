package io.aiswarm.cli;

import io.aiswarm.agent.AgentProfile;
import io.aiswarm.agent.AgentProfiles;
import io.aiswarm.agent.AgentSwarmUp;
import io.aiswarm.agent.AgentWorkersFile;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swarm up [--workers N] [--agent NAME]}: starts the swarm's tmux session. */
@Command(name = "up", mixinStandardHelpOptions = true, description = {
        "Starts the cluster's tmux session (swarm-<cluster>, socket $AI_SWARM_TMUX_SOCKET): a `master` window and N",
        "worker panes. Without --agent the workers are exec workers (each task's command runs in its pane). With",
        "--agent NAME each worker runs that interactive agent (claude, codex, gemini, aider, sim, generic or a",
        "profile of your agents.json), first-run files seeded and hooks installed, ready for prompts."})
public class UpCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--workers"}, defaultValue = "2", paramLabel = "N", description = "Worker panes (default 2).")
    int workers;

    @Option(names = "--agent", paramLabel = "NAME", description = "Agent profile each worker runs.")
    String agent;

    @Option(names = "--layout", defaultValue = "windows", paramLabel = "windows|tiled",
            description = "One window per worker (default) or all in one tiled window.")
    String layout;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Directory the workers start in (default: here).")
    Path workdir;

    @Option(names = "--no-hooks", description = "Do not install the agent's hooks (screen reading only).")
    boolean noHooks;

    @Option(names = "--no-master", description = "Leave a shell in the master window instead of `swarm master`.")
    boolean noMaster;

    @Override
    public Integer call() throws Exception {
        SwarmConfig config = cluster.config();
        java.io.PrintWriter out = spec.commandLine().getOut();
        SwarmDir.ensure(config.swarmDir());
        Path dir = (workdir != null ? workdir : Path.of("")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--workdir " + dir + ": no such directory");
        List<String> master = masterCommand(config);
        if (agent == null) {
            Files.deleteIfExists(AgentWorkersFile.path(config.swarmDir()));
            String session = AgentSwarmUp.sessionName(config.cluster());
            TmuxSwarmManager.create(new SessionSpec(config.tmuxSocket(), session, workers, layout, dir, Map.of(),
                    master, null)).close();
            out.println("started " + workers + " exec workers in tmux session " + session
                    + " (socket " + config.tmuxSocket() + "); attach: swarm attach");
            return SwarmMain.EXIT_OK;
        }
        AgentProfile profile = AgentProfiles.load(config).get(agent);
        AgentSwarmUp.Started started = AgentSwarmUp.up(config, profile, workers, layout, dir, !noHooks, master);
        out.println("started " + started.workers().size() + " " + profile.name() + " workers in tmux session "
                + started.session() + " (socket " + config.tmuxSocket() + "); attach: swarm attach");
        started.seeded().forEach(p -> out.println("  seeded " + p));
        started.hookFiles().forEach(p -> out.println("  hooks  " + p));
        return SwarmMain.EXIT_OK;
    }

    private List<String> masterCommand(SwarmConfig config) {
        String launcher = config.setting("AI_SWARM_LAUNCHER");
        if (noMaster || launcher.isBlank()) return null;
        return List.of(launcher, "master", "--cluster", config.cluster());
    }
}
