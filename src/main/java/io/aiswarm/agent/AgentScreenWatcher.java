package io.aiswarm.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads the agent workers' screens on a short period (one pipelined capture of every pane) and feeds them to the
 * {@link AgentTurnMonitor}, on its own daemon thread, so turn ends and dialogs are seen even without hooks.
 */
public final class AgentScreenWatcher implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    public AgentScreenWatcher(Supplier<Map<String, String>> captureAll, AgentTurnMonitor monitor,
                              List<String> workers, Duration period, Consumer<String> problems) {
        this.thread = new Thread(() -> {
            while (running) {
                try {
                    Map<String, String> screens = captureAll.get();
                    for (String w : workers) {
                        String screen = screens.get(w);
                        if (screen != null) monitor.observe(w, screen);
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
