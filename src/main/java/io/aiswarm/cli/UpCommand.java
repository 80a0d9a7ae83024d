package io.aiswarm.cli;

import io.aiswarm.agent.AgentProfile;
import io.aiswarm.agent.AgentProfiles;
import io.aiswarm.agent.AgentSwarmUp;
import io.aiswarm.master.SwarmSession;
import io.aiswarm.state.Durations;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.state.TaskRouting;
import io.aiswarm.state.WorkerMix;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxException;
import io.aiswarm.tmux.TmuxSwarmManager;
import io.aiswarm.workspace.WorkspaceSettings;
import io.aiswarm.workspace.WorkspaceSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** swarm up: creates the cluster's tmux session (master window + worker panes). */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start the swarm's tmux session swarm-<cluster>: a 'master' window running "
        + "'swarm master' and worker panes worker-0.. (on the tmux socket $AI_SWARM_TMUX_SOCKET).")
public class UpCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--workers", paramLabel = "N|PROFILE:N[@LABEL],…", defaultValue = "2",
            description = "Worker panes (default: 2): a number (of --agent's profile, else exec workers), or groups "
                    + "for a mixed swarm, e.g. claude:2,codex:1,exec:2@gpu (labels after @, joined by +).")
    String workers;

    @Option(names = "--layout", paramLabel = "windows|tiled", defaultValue = "windows",
            description = "One window per worker (windows, default) or all workers in one tiled window.")
    String layout;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Start directory of every pane (default: here).")
    Path workdir;

    @Option(names = "--agent", paramLabel = "PROFILE",
            description = "Agent profile each worker runs (claude, codex, gemini, aider, sim, generic or one of your "
                    + "agents.json), seeded and with hooks, ready for prompts; default: exec workers.")
    String agent;

    @Option(names = "--no-hooks", description = "With --agent: do not install the agent's hooks (screen reading only).")
    boolean noHooks;

    @Option(names = "--no-master", description = "Leave a shell in the master window instead of 'swarm master'.")
    boolean noMaster;

    @Option(names = "--serve", description = "Have the master serve the web page too (like `swarm serve`; "
            + "--port and --bind say where).")
    boolean servePage;

    @Mixin
    ServeOptions serve;

    @Option(names = "--no-worktrees", description = "Run every worker in --workdir itself even when it is a git "
            + "repository (workers then share one branch and one index, and their changes mix with yours).")
    boolean noWorktrees;

    @Option(names = "--base", paramLabel = "BRANCH", description = "Branch every task starts from and merges into "
            + "(default: the branch checked out in --workdir); a task may name its own with `task add --base`.")
    String base;

    @Option(names = "--setup", paramLabel = "CMD", description = "Shell command run in each new worktree (e.g. "
            + "'npm ci'); its failure fails the task with its output.")
    String setup;

    @Option(names = "--setup-timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "Time limit of --setup (default: 10m; 90s, 1h30m, or plain seconds).")
    String setupTimeout;

    @Override
    public Integer call() throws InterruptedException {
        WorkerMix mix = WorkerMix.parse("--workers", workers, agent);
        boolean mixed = agent == null && mix.hasAgents();
        SwarmConfig config = cluster.config();
        Map<String, AgentProfile> profiles = profiles(config, mix);
        SessionSpec spec = SwarmSession.spec(config, mix.total(), layout, workdir, agent);
        WorkerRoster roster = new WorkerRoster(spec.workdir(), mix.newWorkers(Set.of()));
        WorkspaceSetup.Decision workspaces = WorkspaceSetup.decide(spec.workdir(), base, setup,
                Durations.parse("--setup-timeout", setupTimeout), noWorktrees);
        if (noMaster) {
            spec = new SessionSpec(spec.socket(), spec.session(), spec.workerIds(), spec.layout(), spec.workdir(),
                    spec.env(), null, spec.workerCommand());
        }
        try {
            if (TmuxSwarmManager.sessionExists(spec.socket(), spec.session())) {
                return TmuxErrors.fail("tmux session '" + spec.session() + "' already exists on socket '" + spec.socket()
                        + "': attach with 'swarm attach --cluster " + config.cluster() + "' or stop it with 'swarm down --cluster "
                        + config.cluster() + "'");
            }
            SwarmDir.ensure(config.swarmDir());
            WorkspaceSettings settings = workspaces.settings().orElse(null);
            if (settings != null) settings.write(config.swarmDir());
            else WorkspaceSettings.remove(config.swarmDir());
            (noWorktrees ? commandSpec.commandLine().getErr() : commandSpec.commandLine().getOut())
                    .println("swarm: " + workspaces.message());
            if (servePage) {
                serve.save(config, commandSpec.commandLine().getOut());
                commandSpec.commandLine().getOut().println("swarm: the master serves the web page on " + serve.bind
                        + ":" + serve.port + " (swarm serve --stop to stop)");
                commandSpec.commandLine().getOut().flush();
            }
            if (agent != null || mixed) return upAgents(config, spec, settings, profiles, roster);
            PrintWriter out = commandSpec.commandLine().getOut();
            try (TmuxSwarmManager manager = TmuxSwarmManager.create(spec)) {
                roster.write(config.swarmDir());
                out.println("swarm: started tmux session '" + spec.session() + "' on socket '" + spec.socket()
                        + "' with " + manager.panes().size() + " worker(s), layout " + spec.layout() + ", exec workers"
                        + (roster.workers().stream().allMatch(w -> w.labels().isEmpty()) ? ""
                        : " (" + describe(roster) + ")"));
            }
            awaitMaster(config, spec);
            out.println("swarm: watch it with 'swarm attach --cluster " + config.cluster() + "'");
            return SwarmMain.EXIT_OK;
        } catch (TmuxException e) {
            return TmuxErrors.fail(e.getMessage());
        }
    }

    /** Agent workers: each pane runs the profile's agent (see AgentSwarmUp). */
    private void awaitMaster(SwarmConfig config, SessionSpec spec) throws InterruptedException {
        if (spec.masterCommand() == null) return;
        commandSpec.commandLine().getOut().flush();
        MasterStartup.await(config, spec.session(), MasterStartup.TIMEOUT);
        commandSpec.commandLine().getOut().println("swarm: the master is active");
    }

    private int upAgents(SwarmConfig config, SessionSpec spec, WorkspaceSettings workspaces,
                         Map<String, AgentProfile> profiles, WorkerRoster roster) throws InterruptedException {
        AgentSwarmUp.Started started = AgentSwarmUp.up(config, profiles, roster, spec, !noHooks, workspaces);
        PrintWriter out = commandSpec.commandLine().getOut();
        out.println("swarm: started tmux session '" + started.session() + "' on socket '" + spec.socket() + "' with "
                + started.workers().size() + " worker(s), layout " + spec.layout()
                + (agent != null ? ", agent " + agent : ": " + describe(roster)));
        started.seeded().forEach(p -> out.println("swarm: seeded " + p));
        started.hookFiles().forEach(p -> out.println("swarm: hooks in " + p));
        awaitMaster(config, spec);
        out.println("swarm: watch it with 'swarm attach --cluster " + config.cluster() + "'");
        return SwarmMain.EXIT_OK;
    }

    /** The agent profiles the mix names, loaded (an unknown one is an error naming the known ones). */
    static Map<String, AgentProfile> profiles(SwarmConfig config, WorkerMix mix) {
        Map<String, AgentProfile> profiles = new LinkedHashMap<>();
        if (!mix.hasAgents()) return profiles;
        AgentProfiles known = AgentProfiles.load(config);
        for (WorkerMix.Group g : mix.groups()) {
            if (g.agent().equals(TaskRouting.EXEC)) continue;
            try {
                profiles.put(g.agent(), known.get(g.agent()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--workers/--agent: " + e.getMessage() + "; exec names exec workers", e);
            }
        }
        return profiles;
    }

    /** The workers as people read them: {@code worker-0 claude, worker-1 exec@gpu}. */
    static String describe(WorkerRoster roster) {
        return String.join(", ", roster.workers().stream().map(WorkerRoster.Worker::describe).toList());
    }
}
