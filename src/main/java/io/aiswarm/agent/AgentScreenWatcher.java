package io.aiswarm.agent;

import io.aiswarm.master.ScreenObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The agent workers' part of the master's one screen pipeline: each capture the master takes of an agent's pane
 * goes to the {@link AgentTurnMonitor}, so turn ends and dialogs are seen even without hooks, and the monitor says
 * when it wants the next look; an agent whose process ended stops being followed (the master requeues its task).
 */
public final class AgentScreenWatcher implements ScreenObserver {
    private final AgentTurnMonitor monitor;
    private final Set<String> workers;

    /** @param workers read live: `swarm scale` adds and removes workers while the master runs */
    public AgentScreenWatcher(AgentTurnMonitor monitor, Set<String> workers) {
        this.monitor = monitor;
        this.workers = workers;
    }

    @Override
    public Set<String> workers() {
        return workers;
    }

    @Override
    public Optional<Duration> observe(String workerId, String screen) {
        monitor.observe(workerId, screen);
        return monitor.lookAgainIn(workerId);
    }

    @Override
    public Optional<String> exited(String workerId, Integer exitStatus) {
        return monitor.exited(workerId, exitStatus);
    }
}
