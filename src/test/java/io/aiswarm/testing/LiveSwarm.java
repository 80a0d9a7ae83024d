package io.aiswarm.testing;

import static org.awaitility.Awaitility.await;

import io.aiswarm.api.ApiResponse;
import io.aiswarm.api.ControlSocketClient;
import io.aiswarm.cli.SwarmMain;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running swarm as a person starts it: `swarm up --no-master` on a private tmux server, then `swarm master` as its
 * own JVM (serving its local socket and, after `swarm serve`, the page). Commands run as separate JVMs too.
 */
public final class LiveSwarm implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(60);
    public final TmuxServer tmux = new TmuxServer();
    public final Path dir;
    public final Map<String, String> env = new HashMap<>();
    private final Path masterLog;
    private Process master;

    private LiveSwarm(Path base) {
        this.dir = base.resolve("swarm");
        this.masterLog = base.resolve("master.log");
        env.put("AI_SWARM_DIR", dir.toString());
        env.put("AI_SWARM_TMUX_SOCKET", tmux.socket());
    }

    public static LiveSwarm start(Path base, int workers) throws Exception {
        return start(base, workers, base);
    }

    /** A swarm whose workers start in {@code workdir} (a git repository there gives them worktrees). */
    public static LiveSwarm start(Path base, int workers, Path workdir) throws Exception {
        LiveSwarm swarm = new LiveSwarm(base);
        try {
            Run up = swarm.swarm("up", "--workers", Integer.toString(workers), "--no-master", "--workdir",
                    workdir.toString());
            if (up.exit() != 0) throw new IllegalStateException("swarm up failed: " + up.out());
            swarm.startMaster();
            return swarm;
        } catch (Exception | Error e) {
            swarm.close();
            throw e;
        }
    }

    public record Run(int exit, String out) {
    }

    /** `swarm ARGS` as a separate JVM; its output and exit code. */
    public Run swarm(String... args) throws IOException, InterruptedException {
        JavaProcess.Finished run = JavaProcess.run(SwarmMain.class, env, 120, args);
        return new Run(run.exit(), run.out());
    }

    /** Starts `swarm master` and waits until its local socket answers. */
    public void startMaster() throws IOException {
        master = JavaProcess.start(SwarmMain.class, env, masterLog.toFile(), "master");
        await().atMost(WAIT).until(() -> {
            if (!master.isAlive()) throw new IllegalStateException("the master exited: " + masterLog());
            return api("GET", "/api/status", "").filter(r -> r.status() == 200).isPresent();
        });
    }

    /** Stops the master as Ctrl-C would, and waits for it to end. */
    public void stopMaster() throws InterruptedException {
        if (master == null) return;
        master.destroy();
        if (!master.waitFor(30, TimeUnit.SECONDS)) master.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        master = null;
    }

    public Process master() {
        return master;
    }

    /** An API call through the master's local socket, as `swarm status` makes it. */
    public Optional<ApiResponse> api(String method, String target, String body) {
        return ControlSocketClient.of(config().paths().controlSocket(), "test").call(method, target, body,
                Duration.ofSeconds(20));
    }

    public SwarmConfig config() {
        return SwarmConfig.from("default", env);
    }

    public FileSwarmStore state() {
        return FileSwarmStore.open(config(), Clock.systemUTC());
    }

    public String masterLog() {
        try {
            return Files.exists(masterLog) ? Files.readString(masterLog) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        try {
            stopMaster();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tmux.close();
    }
}
