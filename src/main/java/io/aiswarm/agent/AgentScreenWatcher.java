package io.aiswarm.agent;

import io.aiswarm.tmux.AgentPane;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads the agent workers' screens on a short period (one pipelined capture of every pane) and feeds them to the
 * {@link AgentTurnMonitor}, on its own daemon thread, so turn ends and dialogs are seen even without hooks; an
 * agent whose process ended fails the task it was on.
 */
public final class AgentScreenWatcher implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    public AgentScreenWatcher(Supplier<Map<String, String>> captureAll, Supplier<List<AgentPane>> panes,
                              AgentTurnMonitor monitor, Collection<String> workers, Duration period,
                              Consumer<String> problems) {
        this.thread = new Thread(() -> {
            while (running) {
                try {
                    Set<String> ended = new HashSet<>();
                    for (AgentPane pane : panes.get()) {
                        if (pane.dead() && workers.contains(pane.workerId())) {
                            ended.add(pane.workerId());
                            monitor.exited(pane.workerId(), pane.exitStatus()).ifPresent(problems);
                        }
                    }
                    Map<String, String> screens = captureAll.get();
                    for (String w : workers) {
                        String screen = screens.get(w);
                        if (screen != null && !ended.contains(w)) monitor.observe(w, screen);
                    }
                } catch (RuntimeException e) {
                    problems.accept("agent screen watcher: " + e.getMessage());
                }
                try {
                    Thread.sleep(period.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "agent-screen-watcher");
        thread.setDaemon(true);
    }

    public AgentScreenWatcher start() {
        thread.start();
        return this;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
