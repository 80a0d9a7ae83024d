package io.aiswarm.bench;

import io.aiswarm.api.ApiResponse;
import io.aiswarm.api.ControlSocketClient;
import io.aiswarm.api.SseClient;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.Json;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.tmux.ProcessTreeCpu;
import io.aiswarm.web.LiveServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The master's cost while agents think: N worker panes each run a long task (sleep), so nothing finishes and
 * nothing is dispatched; `swarm master` runs as its own JVM exactly as a user starts it, and over the window we
 * read its CPU (utime+stime of the JVM and its tmux control client, from /proc) and its resident memory.
 */
final class IdleCostBench {
    /**
     * @param pageOpenCpuPercent the master's CPU over a second window with its web page served and open (a client
     *                           holding the event stream, as a browser tab does); NaN when not measured
     * @param pageUpdateMs       a task added -> the open page's event stream told of it
     */
    record Result(int panes, double windowSeconds, double cpuPercentOfOneCore, double rssMiB, double peakRssMiB,
                  double pageOpenCpuPercent, Percentiles pageUpdateMs) {
    }

    /**
     * Agents idle at their prompt, no task: what the master's screen reading costs (the master JVM with its control
     * client, and the tmux server that answers the captures), in percent of one core.
     */
    record AgentsResult(int agents, double windowSeconds, double masterCpuPercent, double tmuxServerCpuPercent,
                        double rssMiB) {
    }

    /** Tasks added one by one while the page is open, to time the page's updates. */
    static final int PAGE_UPDATES = 10;

    private IdleCostBench() {
    }

    static Result measure(int panes, Duration window) throws InterruptedException {
        try (BenchSwarm swarm = BenchSwarm.start("idle", panes, Map.of())) {
            return measure(swarm, window);
        }
    }

    /**
     * {@code agents} simulated agents idle at their prompts (`swarm up --agent sim`), `swarm master` as its own JVM;
     * once every agent was announced ready (a START without task each), the master's and the tmux server's CPU over
     * {@code window}.
     */
    static AgentsResult measureAgents(int agents, Duration window) throws InterruptedException {
        try (BenchSwarm swarm = BenchSwarm.startAgents("idle-agents", agents)) {
            Path log = swarm.dir.resolve("master.log");
            Process master = SwarmCli.start(swarm.env, log, "master", "--cluster", BenchSwarm.CLUSTER);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60 + agents).toNanos();
                while (swarm.statusEvents().stream().filter(e -> e.state() == BroadcastState.START && !e.hasTask())
                        .map(StatusEvent::workerId).distinct().count() < agents) {
                    if (!master.isAlive()) throw new IllegalStateException("the master exited: " + tail(log));
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("not every agent was seen ready in time: " + tail(log));
                    }
                    Thread.sleep(200);
                }
                Thread.sleep(2000); // the rounds that announced them are not idle time
                long server = swarm.serverPid();
                long serverStart = ProcStat.ownCpuMillis(server);
                long start = System.nanoTime();
                double cpu = cpuPercent(master.pid(), window);
                double seconds = (System.nanoTime() - start) / 1e9;
                double serverCpu = 100.0 * (ProcStat.ownCpuMillis(server) - serverStart) / 1000.0 / seconds;
                if (!master.isAlive()) throw new IllegalStateException("the master exited: " + tail(log));
                return new AgentsResult(agents, seconds, cpu, serverCpu, ProcStat.rssMiB(master.pid()));
            } finally {
                SwarmCli.stop(master);
            }
        }
    }

    /** The master's CPU over {@code window}, in percent of one core. */
    private static double cpuPercent(long pid, Duration window) throws InterruptedException {
        long cpuStart = ProcessTreeCpu.cpuMillis(pid);
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        long cpu = ProcessTreeCpu.cpuMillis(pid) - cpuStart;
        return 100.0 * cpu / 1000.0 / ((System.nanoTime() - start) / 1e9);
    }

    /** On a fresh swarm whose panes are idle shells: one long task per pane, then the master is measured. */
    static Result measure(BenchSwarm swarm, Duration window) throws InterruptedException {
        int panes = swarm.workers;
        swarm.addTasks(panes, "think", i -> "sleep 3600");
        Path log = swarm.dir.resolve("master.log");
        Process master = SwarmCli.start(swarm.env, log, "master", "--cluster", BenchSwarm.CLUSTER);
        try {
            awaitAllRunning(swarm, panes, master, log);
            Thread.sleep(2000); // the last dispatch round is not "thinking" time
            long pid = master.pid();
            long start = System.nanoTime();
            double idle = cpuPercent(pid, window);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!master.isAlive()) throw new IllegalStateException("the master exited: " + tail(log));
            double rss = ProcStat.rssMiB(pid);
            PageRun page;
            try {
                page = withPageOpen(swarm, pid, window);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + "; master: " + tail(log), e);
            }
            return new Result(panes, seconds, idle, rss, ProcStat.peakRssMiB(pid), page.cpuPercent(), page.updates());
        } finally {
            SwarmCli.stop(master);
        }
    }

    private record PageRun(double cpuPercent, Percentiles updates) {
    }

    /**
     * The page served (as `swarm serve` asks) and open: the page and its files loaded, the queue fetched, the event
     * stream held. Then the same window again, and {@link #PAGE_UPDATES} tasks added one by one, each timed until the
     * stream brings the snapshot that counts it (all panes are busy, so each stays pending).
     */
    private static PageRun withPageOpen(BenchSwarm swarm, long pid, Duration window) throws InterruptedException {
        ControlSocketClient master = ControlSocketClient.of(swarm.config.paths().controlSocket(), "bench");
        ApiResponse served = master.call("POST", LiveServers.SERVE_PATH, "{\"bind\": \"127.0.0.1\", \"port\": 0}",
                Duration.ofSeconds(30)).orElseThrow(() -> new IllegalStateException(master.present()
                        ? "the master's socket did not answer within 30 s" : "the master has no socket"));
        HttpClient http = HttpClient.newHttpClient();
        try {
            String url = Json.MAPPER.readTree(served.body()).path("url").asText();
            if (url.isEmpty()) throw new IllegalStateException("the page was not served: " + served.body());
            for (String path : List.of("", "app.js", "app.css", "api/tasks?limit=200")) {
                http.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.discarding());
            }
            try (SseClient page = SseClient.open(http, url + "api/events", null)) {
                // counted from the queue, not from the page's first snapshot: that one may predate the last round
                int pending = swarm.state.queue().countByStatus().get(TaskStatus.PENDING);
                int now = pending;
                awaitSnapshot(page, n -> n == now, "exactly " + now);
                Thread.sleep(2000);
                double cpu = cpuPercent(pid, window);
                List<Double> updates = new ArrayList<>();
                for (int i = 0; i < PAGE_UPDATES; i++) {
                    long start = System.nanoTime();
                    swarm.state.queue().add(NewTask.command("sleep 3600"));
                    int added = ++pending;
                    awaitSnapshot(page, n -> n >= added, added + "");
                    updates.add((System.nanoTime() - start) / 1e6);
                    Thread.sleep(300);
                }
                return new PageRun(cpu, Percentiles.of(updates));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the page did not load: " + e.getMessage(), e);
        }
    }

    /** Until the page's event stream brings a snapshot whose pending count passes {@code wanted}; older ones skipped. */
    private static void awaitSnapshot(SseClient page, IntPredicate wanted, String what)
            throws InterruptedException, IOException {
        Integer last = null;
        while (last == null || !wanted.test(last)) {
            SseClient.Event e = page.next(Duration.ofSeconds(60));
            if (e == null) {
                throw new IllegalStateException("the page's event stream brought no snapshot counting " + what
                        + " pending tasks within 60 s (the last one counted " + last + ")");
            }
            if (e.name().equals("snapshot")) last = Json.MAPPER.readTree(e.data()).path("queue").path("pending").asInt();
        }
    }

    /**
     * Until every task is RUNNING: the master took in each task's START, so the round that delivered them is over.
     * (Assigned is not enough: the master marks a round's tasks assigned before it delivers them, and restarting
     * 200 panes took tmux 10-30 s here on a busy machine, minutes at load 120.)
     */
    private static void awaitAllRunning(BenchSwarm swarm, int panes, Process master, Path log)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60 + panes).toNanos();
        while (System.nanoTime() < deadline) {
            long running = swarm.state.queue().list().stream().filter(t -> t.status() == TaskStatus.RUNNING).count();
            if (running == panes) return;
            if (!master.isAlive()) throw new IllegalStateException("the master exited: " + tail(log));
            Thread.sleep(200);
        }
        throw new IllegalStateException("the master did not start all " + panes + " tasks in time: " + tail(log));
    }

    static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return text.length() > 600 ? text.substring(text.length() - 600) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
