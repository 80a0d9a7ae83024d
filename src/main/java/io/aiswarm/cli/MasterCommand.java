package io.aiswarm.cli;

import io.aiswarm.agent.SwarmWorkers;
import io.aiswarm.answer.HelpAnswer;
import io.aiswarm.master.ConsoleMasterListener;
import io.aiswarm.master.MasterActiveException;
import io.aiswarm.master.MasterListener;
import io.aiswarm.master.MasterListeners;
import io.aiswarm.master.RoundSummary;
import io.aiswarm.master.SwarmMaster;
import io.aiswarm.master.SwarmSession;
import io.aiswarm.master.TmuxWorkerPanes;
import io.aiswarm.master.WaitPatternDetector;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.stores.SwarmStores;
import io.aiswarm.tmux.TmuxException;
import io.aiswarm.tmux.TmuxSwarmManager;
import io.aiswarm.view.HelpAnswerer;
import io.aiswarm.view.LiveView;
import io.aiswarm.view.QueueActions;
import io.aiswarm.web.LiveServers;
import io.aiswarm.workspace.DiskSpace;
import io.aiswarm.workspace.GitException;
import io.aiswarm.workspace.WorkspaceSettings;
import io.aiswarm.workspace.WorktreeManager;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `swarm master`: runs the master loop of a cluster against its tmux session. */
@Command(name = "master", mixinStandardHelpOptions = true,
        description = {"Runs the master: dispatches queued tasks to idle workers (FIFO within priority), finishes "
                + "them from the workers' DONE/ERROR lines, requeues the tasks of lost workers, raises HELP for "
                + "waiting ones. Wakes on status.log / tasks.json changes and pane exits; "
                + "AI_SWARM_POLL_INTERVAL is a fallback tick.",
                "One master is active per cluster; a second one waits as standby and takes over when it ends."})
public class MasterCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--once", description = "Run one round, then exit.")
    boolean once;

    @Option(names = "--dry-run", description = "Show what would be dispatched; change nothing, type nothing.")
    boolean dryRun;

    @Option(names = "--exit-when-done", description = "Exit once no task is pending or running.")
    boolean exitWhenDone;

    @Option(names = "--no-standby", description = "Refuse (exit 2) instead of waiting when another master is active.")
    boolean noStandby;

    @Override
    public Integer call() throws Exception {
        SwarmConfig config = cluster.config();
        Clock clock = Clock.systemUTC();
        String session = SwarmSession.name(config.cluster());
        if (!TmuxSwarmManager.sessionExists(config.tmuxSocket(), session)) {
            throw new IllegalArgumentException("no tmux session '" + session + "' on socket '" + config.tmuxSocket()
                    + "': start the workers first with `swarm up`");
        }
        ConsoleMasterListener console = new ConsoleMasterListener(spec.commandLine().getOut(), clock);
        WorktreeManager worktrees = worktrees(config, console);
        try (SwarmStore state = SwarmStores.openMaster(config, clock, console::message)) {
            return run(config, clock, state, session, console, worktrees);
        }
    }

    private int run(SwarmConfig config, Clock clock, SwarmStore state, String session, ConsoleMasterListener console,
                    WorktreeManager worktrees) throws Exception {
        StatusBroadcaster broadcaster = new StatusBroadcaster(state.statusLog(), clock);
        try (TmuxSwarmManager tmux = TmuxSwarmManager.connect(config.tmuxSocket(), session)) {
            SwarmWorkers agents = SwarmWorkers.open(config, tmux, broadcaster, clock, console::message);
            return runMaster(config, clock, state, tmux, agents, console, worktrees);
        }
    }

    private int runMaster(SwarmConfig config, Clock clock, SwarmStore state, TmuxSwarmManager tmux, SwarmWorkers agents,
                    ConsoleMasterListener console, WorktreeManager worktrees) throws Exception {
        try (LiveServers live = once || dryRun ? null : liveServers(config, state, tmux, clock, console,
                     worktrees);
             SwarmMaster master = agentAware(SwarmMaster.builder(config, clock)
                     .store(state)
                     .panes(new TmuxWorkerPanes(tmux)).worktrees(worktrees).dryRun(dryRun), agents,
                     console, live).build()) {
            // Ctrl-C / SIGTERM: end the current round cleanly (no half-done dispatch), then let the JVM exit
            CountDownLatch ended = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                master.stop();
                try {
                    ended.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "swarm-master-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                RoundSummary last = master.runUntil(() -> once, exitWhenDone, !noStandby && !once);
                if (last != null && (once || exitWhenDone)) spec.commandLine().getOut().println(last.line());
                return SwarmMain.EXIT_OK;
            } catch (MasterActiveException e) {
                spec.commandLine().getErr().println("swarm: " + e.getMessage());
                return SwarmMain.EXIT_NOT_GRANTED;
            } catch (TmuxException e) {
                spec.commandLine().getErr().println("swarm: master stopped: " + e.getMessage());
                return SwarmMain.EXIT_FAILURE;
            } finally {
                if (live != null) live.close(); // before the JVM may exit: a stopped master leaves no socket
                ended.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: nothing to remove
                }
            }
        }
    }

    /** The swarm's worktrees when `swarm up` found a git repository (workspaces.json), else null. */
    static WorktreeManager worktrees(SwarmConfig config, ConsoleMasterListener console) {
        return WorkspaceSettings.read(config.swarmDir()).map(s -> {
            try {
                return new WorktreeManager(s, config.swarmDir(),
                        DiskSpace.minimumFrom(config.setting(DiskSpace.ENV_MIN_FREE_MB)), console::message);
            } catch (GitException e) {
                throw new IllegalArgumentException("the swarm's tasks run in worktrees of " + s.repo() + " ("
                        + WorkspaceSettings.path(config.swarmDir()) + "), but: " + e.getMessage()
                        + "; fix it, or run `swarm up` again");
            }
        }).orElse(null);
    }

    /**
     * The swarm's workers as `swarm up` and `swarm scale` listed them (workers.json): each takes only the tasks its
     * profile and labels fit; agents get their prompts typed and verified, their screens read from the master's
     * captures.
     */
    private SwarmMaster.Builder agentAware(SwarmMaster.Builder builder, SwarmWorkers agents,
                                           ConsoleMasterListener console, LiveServers live) {
        MasterListener listener = live == null ? console : MasterListeners.both(console, live);
        if (dryRun) return builder.listener(listener);
        return builder.router(agents).screens(agents).listener(listener);
    }

    /**
     * The live views this master serves (see docs/dashboard.md): its local socket, and the web page when
     * `swarm serve` asked for one. Both read what the master's rounds saw, so they cost no scanning of their own.
     */
    private static LiveServers liveServers(SwarmConfig config, SwarmStore state, TmuxSwarmManager tmux, Clock clock,
                                           ConsoleMasterListener console, WorktreeManager worktrees) {
        TmuxWorkerPanes panes = new TmuxWorkerPanes(tmux);
        LiveView view = new LiveView(config.cluster(), state.queue(), config.paths(), panes,
                () -> state.masterLease().holder().orElse(null), clock)
                .workspaces(worktrees == null ? null : worktrees.repo());
        // the page and swarm top answer a HELP exactly as `swarm answer` does
        HelpAnswerer answerer = HelpAnswer.forSwarm(config, state, panes, clock);
        LiveServers live = new LiveServers(config.paths(), view, new QueueActions(state.queue(), answerer, clock,
                console::message), clock, console::message);
        // bin/swarm's curl client: `swarm status` and `swarm task add` without a JVM start
        return live.socketRoute(CliViaMaster.PATH, new CliViaMaster(config, state, live::handle));
    }
}
