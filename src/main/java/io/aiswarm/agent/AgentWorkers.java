package io.aiswarm.agent;

import io.aiswarm.master.TmuxWorkerPanes;
import io.aiswarm.master.WorkerPanes;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the master needs to run one profile's agent workers (see {@link WorkerRoster}): prompt delivery for the
 * dispatcher, and the reader of their screens ({@link #screens()}, fed by the master's captures) that reports turn
 * ends and permission dialogs. Empty for exec swarms.
 */
public final class AgentWorkers {
    /** How long the prompt must be back, without a spinner, before a turn counts as ended. */
    public static final Duration SETTLE = Duration.ofSeconds(2);
    private final AgentProfile profile;
    private final java.util.Set<String> workers;
    private final AgentTaskDelivery delivery;
    private final AgentTurnMonitor monitor;
    private final AgentScreenWatcher screens;

    private AgentWorkers(AgentProfile profile, java.util.Set<String> workers, AgentTaskDelivery delivery,
                         AgentTurnMonitor monitor) {
        this.profile = profile;
        this.workers = workers;
        this.delivery = delivery;
        this.monitor = monitor;
        this.screens = new AgentScreenWatcher(monitor, workers);
    }

    /** The agent workers of the swarm's first agent profile (see {@link SwarmWorkers} for every profile). */
    public static Optional<AgentWorkers> open(SwarmConfig config, TmuxSwarmManager tmux,
                                              StatusBroadcaster broadcaster, Clock clock) {
        Optional<java.util.Map.Entry<String, java.util.List<String>>> first = WorkerRoster.read(config.swarmDir())
                .flatMap(r -> r.agentWorkers().entrySet().stream().findFirst());
        if (first.isEmpty()) return Optional.empty();
        java.util.Set<String> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        workers.addAll(first.get().getValue());
        return Optional.of(open(config, AgentProfiles.load(config).get(first.get().getKey()), workers, tmux,
                broadcaster, clock));
    }

    /**
     * The workers that run one profile's agent: {@code workers} is read live (the screens followed change as workers
     * are added or removed).
     */
    public static AgentWorkers open(SwarmConfig config, AgentProfile profile, java.util.Set<String> workers,
                                    TmuxSwarmManager tmux, StatusBroadcaster broadcaster, Clock clock) {
        WorkerPanes panes = new TmuxWorkerPanes(tmux);
        AgentTaskMarker marker = new AgentTaskMarker(config.swarmDir());
        PermissionPolicy policy = PermissionPolicy.load(config.swarmDir().resolve(PermissionPolicy.FILE_NAME));
        AgentTurnMonitor monitor = new AgentTurnMonitor(profile, broadcaster, marker, policy, panes, clock, SETTLE);
        PromptDelivery prompts = new PromptDelivery(panes, profile, clock, Duration.ofSeconds(2),
                Duration.ofSeconds(10), 3);
        Path workdir = WorkerRoster.read(config.swarmDir()).map(WorkerRoster::workdir).orElse(Path.of("."));
        ContextReset reset = ContextReset.withDefaults(panes, profile, worker -> tmux.respawnWorker(worker,
                AgentSwarmUp.workerCommand(config, profile, workdir, worker)), clock);
        return new AgentWorkers(profile, workers, new AgentTaskDelivery(prompts, marker, monitor,
                worker -> panes.panes(false).stream().filter(p -> p.workerId().equals(worker)).mapToLong(AgentPane::pid)
                        .findFirst().orElse(-1), reset),
                monitor);
    }

    /**
     * What the master hands its captures of these workers' panes to ({@link io.aiswarm.master.SwarmMaster.Builder#screens}):
     * the master looks only while it is the active one, so a standby master reports no turns of the active one's tasks.
     */
    public AgentScreenWatcher screens() {
        return screens;
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
}
