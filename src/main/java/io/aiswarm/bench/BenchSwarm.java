package io.aiswarm.bench;

import io.aiswarm.master.SwarmMaster;
import io.aiswarm.master.SwarmSession;
import io.aiswarm.master.TmuxWorkerPanes;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxProcessRunner;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One benchmark's private swarm: its own tmux server (a unique -L socket), its own temporary swarm directory,
 * N worker panes (exec, or the simulated agent), and the state files. {@link #close()} kills the server; the
 * directory goes when the benchmark ends ({@link #removeClosed}); a shutdown hook does both for what is left when the
 * JVM is interrupted.
 */
final class BenchSwarm implements AutoCloseable {
    static final String CLUSTER = "bench";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Set<BenchSwarm> OPEN = ConcurrentHashMap.newKeySet();
    /** Every server and directory made and not yet removed, from before the panes are created (which takes long). */
    private static final Map<String, Path> LIVE = new ConcurrentHashMap<>();

    /**
     * Directories of closed swarms, removed when the benchmark ends ({@link #removeClosed}): removing thousands of
     * files between two benchmarks made the next one's files dearer to create (a filesystem that keeps recently
     * deleted inodes from reuse searches past them for half a minute), which is the benchmark's cost, not the swarm's.
     */
    private static final Set<Path> CLOSED = ConcurrentHashMap.newKeySet();

    static {
        // SIGTERM or Ctrl-C (e.g. `timeout` around `swarm bench`): the servers go first, without waiting on a client
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LIVE.forEach((socket, dir) -> {
                killServer(socket);
                deleteTree(dir);
            });
            removeClosed();
        }, "swarm-bench-cleanup"));
    }

    private static Path base = Path.of(System.getProperty("java.io.tmpdir"));

    /** Where the swarms' directories are made from now on (default: the system's temporary directory). */
    static void placeIn(Path dir) {
        base = dir;
    }

    static Path base() {
        return base;
    }

    /** A directory to remove with the closed swarms' directories, when the benchmark ends. */
    static void removeLater(Path dir) {
        CLOSED.add(dir);
    }

    /** Removes the directories of the swarms closed so far. */
    static void removeClosed() {
        for (Path dir : CLOSED) {
            deleteTree(dir);
            CLOSED.remove(dir);
        }
    }

    final String socket;
    final Path dir;
    final Map<String, String> env;
    final SwarmConfig config;
    final FileSwarmStore state;
    final TmuxSwarmManager tmux;
    final int workers;

    private BenchSwarm(String socket, Path dir, Map<String, String> env, TmuxSwarmManager tmux, int workers) {
        this.socket = socket;
        this.dir = dir;
        this.env = env;
        this.config = SwarmConfig.from(CLUSTER, env);
        this.state = FileSwarmStore.open(config, Clock.systemUTC());
        this.tmux = tmux;
        this.workers = workers;
    }

    /** A swarm of {@code workers} exec panes (a shell each until a task runs); extra settings in {@code settings}. */
    static BenchSwarm start(String name, int workers, Map<String, String> settings) {
        return open(name, workers, settings, (socket, dir) -> TmuxSwarmManager.create(new SessionSpec(socket,
                SwarmSession.name(CLUSTER), WorkerIds.first(workers), SessionSpec.LAYOUT_WINDOWS, dir, Map.of(), null,
                SessionSpec.QUIET_SHELL)));
    }

    /**
     * A swarm of {@code workers} panes running the simulated agent, started as a person does: {@code swarm up --agent
     * sim --no-master} (no hooks, no worktrees; seeding in a home of its own), then connected to.
     */
    static BenchSwarm startAgents(String name, int workers) {
        return open(name, workers, Map.of(), (socket, dir) -> {
            Map<String, String> env = new LinkedHashMap<>();
            env.put(SwarmConfig.ENV_DIR, dir.resolve("swarm").toString());
            env.put(SwarmConfig.ENV_TMUX_SOCKET, socket);
            env.put("HOME", dir.resolve("home").toString());
            try {
                Files.createDirectories(dir.resolve("home"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path log = dir.resolve("up.log");
            Process up = SwarmCli.start(env, log, "up", "--cluster", CLUSTER, "--agent", "sim", "--workers",
                    Integer.toString(workers), "--no-master", "--no-hooks", "--no-worktrees", "--workdir",
                    dir.toString());
            try {
                if (!up.waitFor(120 + workers, java.util.concurrent.TimeUnit.SECONDS) || up.exitValue() != 0) {
                    SwarmCli.stop(up);
                    throw new IllegalStateException("swarm up --agent sim failed: " + IdleCostBench.tail(log));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the agents started", e);
            }
            return TmuxSwarmManager.connect(socket, SwarmSession.name(CLUSTER));
        });
    }

    private static BenchSwarm open(String name, int workers, Map<String, String> settings,
                                   java.util.function.BiFunction<String, Path, TmuxSwarmManager> session) {
        String socket = "swarm-bench-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Path dir;
        try {
            dir = Files.createTempDirectory(base, "swarm-bench-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new LinkedHashMap<>(settings);
        env.put(SwarmConfig.ENV_DIR, dir.resolve("swarm").toString());
        env.put(SwarmConfig.ENV_TMUX_SOCKET, socket);
        TmuxSwarmManager tmux = null;
        LIVE.put(socket, dir);
        try {
            tmux = session.apply(socket, dir);
            BenchSwarm swarm = new BenchSwarm(socket, dir, env, tmux, workers);
            OPEN.add(swarm);
            return swarm;
        } catch (RuntimeException e) {
            if (tmux != null) tmux.close();
            killServer(socket);
            removeLater(dir);
            LIVE.remove(socket);
            throw e;
        }
    }

    /** A master in this JVM on this swarm's panes. */
    SwarmMaster master(boolean eventDriven) {
        return SwarmMaster.builder(config, Clock.systemUTC())
                .store(state)
                .panes(new TmuxWorkerPanes(tmux)).eventDriven(eventDriven).build();
    }

    void addTasks(int count, String idPrefix, java.util.function.IntFunction<String> command) {
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) tasks.add(new NewTask(String.format("%s-%05d", idPrefix, i), command.apply(i),
                null, null));
        state.queue().addAll(tasks);
    }

    /** Every line of the status log, in file order (none before its first line). */
    List<StatusEvent> statusEvents() {
        if (!Files.exists(config.paths().statusLog())) return List.of();
        try (Stream<String> lines = Files.lines(config.paths().statusLog(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).map(StatusLines::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid of this swarm's tmux server. */
    long serverPid() {
        return Long.parseLong(new TmuxProcessRunner(socket).run("display-message", "-p", "#{pid}").get(0).trim());
    }

    @Override
    public void close() {
        if (!OPEN.remove(this)) return;
        try {
            tmux.close();
        } finally {
            killServer(socket);
            removeLater(dir);
            LIVE.remove(socket);
        }
    }

    private static void killServer(String socket) {
        new TmuxProcessRunner(socket).tryRun("kill-server");
        try {
            Files.deleteIfExists(TmuxProcessRunner.socketFile(socket));
        } catch (IOException e) {
            // already gone
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("swarm bench: could not delete " + root + ": " + e.getMessage());
        }
    }
}
