package io.aiswarm.agent;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxSwarmManager;
import io.aiswarm.workspace.DiskSpace;
import io.aiswarm.workspace.WorkspaceSettings;
import io.aiswarm.workspace.WorktreeManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code swarm up --agent NAME}: checks the agent's command, seeds the agent's first-run files, installs its hooks (when it has them), starts
 * the swarm's tmux session with one agent pane per worker and records the profile for the master.
 * With worktrees each agent starts in its worker's worktree, which is seeded (trusted) and given the hooks; the hook
 * files written into worktrees are recorded as the swarm's own, never committed.
 */
public final class AgentSwarmUp {
    /** What was started, for the command to print. */
    public record Started(String session, List<String> workers, List<Path> seeded, List<Path> hookFiles) {
    }

    private AgentSwarmUp() {
    }

    /** The command a worker's pane runs for this profile (as `swarm up --agent` started it; for `swarm restart`). */
    public static List<String> workerCommand(SwarmConfig config, AgentProfile profile, Path workdir, String workerId) {
        Map<String, String> env = config.env();
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Optional<WorkspaceSettings> workspaces = WorkspaceSettings.read(config.swarmDir());
        Path wt = workspaces.map(w -> WorkspaceSettings.worktreesDir(config.swarmDir()).resolve(workerId)).orElse(null);
        Path dir = wt == null ? workdir : workspaces.get().subdir().isEmpty() ? wt : wt.resolve(workspaces.get().subdir());
        Placeholders ph = new Placeholders(dir, home, SwarmHome.locate(env), env);
        List<String> command = new AgentLauncher(profile, ph, config.swarmDir()).command(workerId);
        return wt == null ? command : inDirectory(dir, command); // a restarted agent works in its worktree again
    }

    public static Started up(SwarmConfig config, AgentProfile profile, SessionSpec spec, boolean hooks) {
        return up(config, profile, spec, hooks, null);
    }

    /**
     * Starts {@code spec}'s session (its master window, environment and layout) with {@code spec.workerIds()} panes
     * running the profile's agent instead of a shell; with {@code workspaces}, each in its worker's worktree.
     */
    public static Started up(SwarmConfig config, AgentProfile profile, SessionSpec spec, boolean hooks,
                             WorkspaceSettings workspaces) {
        WorkerRoster roster = new WorkerRoster(spec.workdir(), spec.workerIds().stream()
                .map(id -> new WorkerRoster.Worker(id, profile.name(), List.of(), false)).toList());
        return up(config, Map.of(profile.name(), profile), roster, spec, hooks, workspaces);
    }

    /**
     * Starts {@code spec}'s session with the roster's workers: exec workers wait in a quiet shell, agent workers run
     * their profile's agent ({@code profiles} by name), each in its worktree with {@code workspaces}. The roster is
     * written for the master.
     */
    public static Started up(SwarmConfig config, Map<String, AgentProfile> profiles, WorkerRoster roster,
                             SessionSpec spec, boolean hooks, WorkspaceSettings workspaces) {
        checkCommands(config, profiles, roster.workers(), spec.workdir()); // fail before anything is started or written
        if (TmuxSwarmManager.sessionExists(spec.socket(), spec.session())) {
            throw new IllegalArgumentException("tmux session '" + spec.session() + "' already runs on socket '"
                    + spec.socket() + "': stop it with `swarm down` first, or attach with `swarm attach`");
        }
        Prepared prepared = prepare(config, profiles, roster.workers(), spec.workdir(), hooks, workspaces);
        roster.write(config.swarmDir());
        try (TmuxSwarmManager tmux = TmuxSwarmManager.create(new SessionSpec(spec.socket(), spec.session(), List.of(),
                spec.layout(), spec.workdir(), spec.env(), spec.masterCommand(), null))) {
            prepared.start(tmux);
        }
        return new Started(spec.session(), roster.workers().stream().map(WorkerRoster.Worker::id).toList(),
                prepared.seeded(), prepared.hookFiles());
    }

    /** Every agent profile among {@code workers} has a command that exists (else an error naming how to install it). */
    public static void checkCommands(SwarmConfig config, Map<String, AgentProfile> profiles,
                                     List<WorkerRoster.Worker> workers, Path workdir) {
        Map<String, String> env = config.env();
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Placeholders ph = new Placeholders(workdir, home, SwarmHome.locate(env), env);
        Set<String> checked = new LinkedHashSet<>();
        for (WorkerRoster.Worker w : workers) {
            if (w.isAgent() && checked.add(w.agent())) {
                new AgentLauncher(profiles.get(w.agent()), ph, config.swarmDir()).executable();
            }
        }
    }

    /** What the panes of new workers run, with the files seeded and hooks installed for them. */
    public record Prepared(List<WorkerRoster.Worker> workers, List<List<String>> commands, List<Path> seeded,
                           List<Path> hookFiles) {
        /** Adds the workers' panes to the session: exec workers in a quiet shell, agents with their command. */
        public void start(TmuxSwarmManager tmux) {
            for (int i = 0; i < workers.size(); i++) tmux.addWorker(workers.get(i).id(), commands.get(i));
        }
    }

    /**
     * Seeds each agent's first-run files and installs its profile's hooks (once per directory), and works out what
     * each new worker's pane runs (null: an exec worker's quiet shell); with {@code workspaces} each agent starts in
     * its worker's worktree, whose hook files are recorded as the swarm's own.
     */
    public static Prepared prepare(SwarmConfig config, Map<String, AgentProfile> profiles,
                                   List<WorkerRoster.Worker> workers, Path workdir, boolean hooks,
                                   WorkspaceSettings workspaces) {
        Map<String, String> env = config.env();
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Placeholders ph = new Placeholders(workdir, home, SwarmHome.locate(env), env);
        boolean anyAgent = workers.stream().anyMatch(WorkerRoster.Worker::isAgent);
        WorktreeManager worktrees = workspaces == null || !anyAgent ? null : new WorktreeManager(workspaces,
                config.swarmDir(), DiskSpace.minimumFrom(config.setting(DiskSpace.ENV_MIN_FREE_MB)), message -> { });
        String base = worktrees == null ? null : worktrees.baseCommit(workspaces.baseBranch());
        Set<Path> seeded = new LinkedHashSet<>();
        Set<Path> hookFiles = new LinkedHashSet<>();
        Set<String> hooked = new LinkedHashSet<>();
        Set<String> ownPaths = new LinkedHashSet<>(workspaces == null ? List.of() : workspaces.ownPaths());
        List<List<String>> commands = new ArrayList<>();
        for (WorkerRoster.Worker worker : workers) {
            if (!worker.isAgent()) {
                commands.add(null);
                continue;
            }
            AgentProfile profile = profiles.get(worker.agent());
            String id = worker.id();
            Path wt = worktrees == null ? null : worktrees.ensure(id, base);
            Path dir = wt == null ? workdir : worktrees.runDir(wt);
            Placeholders here = new Placeholders(dir, home, ph.swarmHome(), env);
            seeded.addAll(AgentSeeder.seed(profile, here));
            if (hooks && AgentHooks.AGENTS.contains(profile.name()) && (wt != null || hooked.add(profile.name()))) {
                for (Path file : AgentHooks.install(profile.name(), AgentHooks.defaultDir(profile.name(), env, dir),
                        config.swarmDir())) {
                    hookFiles.add(file);
                    if (wt != null && file.toAbsolutePath().startsWith(wt)) ownPaths.add(wt.relativize(file).toString());
                }
            }
            List<String> command = new AgentLauncher(profile, here, config.swarmDir()).command(id);
            commands.add(wt == null ? command : inDirectory(dir, command));
        }
        if (worktrees != null) workspaces.withOwnPaths(List.copyOf(ownPaths)).write(config.swarmDir());
        return new Prepared(List.copyOf(workers), commands, List.copyOf(seeded), List.copyOf(hookFiles));
    }

    /** argv that runs {@code command} in {@code dir} (a pane starts in the session's directory, not a worktree). */
    static List<String> inDirectory(Path dir, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "cd -- \"$1\" && shift && exec \"$@\"", "swarm-agent",
                dir.toString()));
        argv.addAll(command);
        return argv;
    }
}
