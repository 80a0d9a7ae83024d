package io.aiswarm.agent;

import io.aiswarm.master.MasterListener;
import io.aiswarm.master.MasterListeners;
import io.aiswarm.master.PaneTerminal;
import io.aiswarm.master.TmuxWorkerPanes;
import io.aiswarm.master.WorkerPanes;
import io.aiswarm.master.RoundSummary;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the master needs to run one profile's agent workers (see {@link WorkerRoster}): prompt delivery for the
 * dispatcher, and the screen watcher that reports turn ends and permission dialogs (started with
 * {@link #startWatching}). Empty for exec swarms.
 */
public final class AgentWorkers implements AutoCloseable {
    /** How often the agents' screens are read. */
    public static final Duration WATCH_PERIOD = Duration.ofMillis(500);
    /** How long the prompt must be back, without a spinner, before a turn counts as ended. */
    public static final Duration SETTLE = Duration.ofSeconds(2);
    private final AgentProfile profile;
    private final java.util.Set<String> workers;
    private final AgentTaskDelivery delivery;
    private final AgentTurnMonitor monitor;
    private final AgentScreenWatcher watcher;
    private boolean watching;

    private AgentWorkers(AgentProfile profile, java.util.Set<String> workers, AgentTaskDelivery delivery,
                         AgentTurnMonitor monitor, AgentScreenWatcher watcher) {
        this.profile = profile;
        this.workers = workers;
        this.delivery = delivery;
        this.monitor = monitor;
        this.watcher = watcher;
    }

    /** The agent workers of the swarm's first agent profile (see {@link SwarmWorkers} for every profile). */
    public static Optional<AgentWorkers> open(SwarmConfig config, TmuxSwarmManager tmux,
                                              StatusBroadcaster broadcaster, Clock clock, Consumer<String> log) {
        Optional<java.util.Map.Entry<String, java.util.List<String>>> first = WorkerRoster.read(config.swarmDir())
                .flatMap(r -> r.agentWorkers().entrySet().stream().findFirst());
        if (first.isEmpty()) return Optional.empty();
        java.util.Set<String> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        workers.addAll(first.get().getValue());
        return Optional.of(open(config, AgentProfiles.load(config).get(first.get().getKey()), workers, tmux,
                broadcaster, clock, log));
    }

    /**
     * The workers that run one profile's agent: {@code workers} is read live (the screen watcher follows it as
     * workers are added or removed).
     */
    public static AgentWorkers open(SwarmConfig config, AgentProfile profile, java.util.Set<String> workers,
                                    TmuxSwarmManager tmux, StatusBroadcaster broadcaster, Clock clock,
                                    Consumer<String> log) {
        WorkerPanes panes = new TmuxWorkerPanes(tmux);
        AgentTaskMarker marker = new AgentTaskMarker(config.swarmDir());
        PermissionPolicy policy = PermissionPolicy.load(config.swarmDir().resolve(PermissionPolicy.FILE_NAME));
        AgentTurnMonitor monitor = new AgentTurnMonitor(profile, broadcaster, marker, policy, panes, clock, SETTLE);
        PromptDelivery prompts = new PromptDelivery(panes, profile, clock, Duration.ofSeconds(2),
                Duration.ofSeconds(10), 3);
        // only this profile's panes are read (a mixed swarm's other panes belong to other watchers); no /proc walk
        AgentScreenWatcher watcher = new AgentScreenWatcher(
                () -> panes.capture(java.util.List.copyOf(workers), PaneTerminal.SCREEN_LINES),
                () -> panes.panes(false), monitor, workers, WATCH_PERIOD, log);
        return new AgentWorkers(profile, workers, new AgentTaskDelivery(prompts, marker, monitor,
                worker -> panes.panes(false).stream().filter(p -> p.workerId().equals(worker)).mapToLong(AgentPane::pid)
                        .findFirst().orElse(-1)),
                monitor, watcher);
    }

    /** Starts reading the agents' screens (once; later calls do nothing). */
    public synchronized void startWatching() {
        if (!watching) {
            watcher.start();
            watching = true;
        }
    }

    /**
     * The master's listener, plus: screens are watched from the first round on, that is once this master is the
     * active one (a standby master must not report turns of the active one's tasks).
     */
    public MasterListener watchingListener(MasterListener delegate) {
        MasterListener start = new MasterListener() {
            @Override
            public void round(RoundSummary summary) {
                startWatching(); // before the round is reported; later rounds find it started
            }
        };
        return MasterListeners.both(start, delegate);
    }

    /** The workers that run the agent (a live set). */
    public java.util.Set<String> workers() {
        return workers;
    }

    public AgentProfile profile() {
        return profile;
    }

    public AgentTaskDelivery delivery() {
        return delivery;
    }

    public AgentTurnMonitor monitor() {
        return monitor;
    }

    @Override
    public void close() {
        watcher.close();
    }
}
