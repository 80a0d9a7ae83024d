package io.aiswarm.cli;

import static org.awaitility.Awaitility.await;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A swarm driven as a person drives it: `swarm …` commands in-process against a private tmux server and swarm
 * directory, and `swarm master` in a JVM of its own (started, stopped and started again like a real one).
 */
final class CliSwarm implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    final TmuxServer server = new TmuxServer();
    final Path dir;
    final Path swarm;
    final CliRun cli;
    private Process master;
    private int masters;

    CliSwarm(Path dir) throws Exception {
        this.dir = dir;
        this.swarm = Files.createDirectories(dir.resolve("swarm"));
        this.cli = new CliRun(swarm).env("AI_SWARM_TMUX_SOCKET", server.socket()).env("PATH", System.getenv("PATH"))
                .env("AI_SWARM_POLL_INTERVAL", "0.3")
                .env("AI_SWARM_LAUNCHER", Path.of("bin/swarm").toAbsolutePath().toString());
    }

    CliRun.Result run(String... args) {
        return cli.run(args);
    }

    /** `swarm master --no-standby` in its own JVM, its output in master-N.log. */
    void startMaster() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("AI_SWARM_DIR", swarm.toString());
        env.put("AI_SWARM_TMUX_SOCKET", server.socket());
        env.put("AI_SWARM_POLL_INTERVAL", "0.3");
        master = JavaProcess.start(SwarmMain.class, env, dir.resolve("master-" + ++masters + ".log").toFile(),
                "master", "--no-standby");
    }

    /** Waits for the master to end (it does when its session is stopped), else ends it. */
    void stopMaster() throws Exception {
        if (master == null) return;
        if (!master.waitFor(10, TimeUnit.SECONDS)) {
            master.destroy();
            if (!master.waitFor(20, TimeUnit.SECONDS)) master.destroyForcibly();
        }
        master = null;
    }

    String masterLogs() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= masters; i++) {
            Path log = dir.resolve("master-" + i + ".log");
            if (Files.exists(log)) all.append(Files.readString(log));
        }
        return all.toString();
    }

    FileSwarmStore store() {
        return FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", swarm.toString())),
                Clock.systemUTC());
    }

    StatusEvent last(String worker) {
        return store().statusLog().lastEvents(Set.of(worker)).get(worker);
    }

    TaskInfo task(String id) {
        return store().queue().get(id).orElseThrow();
    }

    void awaitHelp(String worker, String task) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            StatusEvent e = last(worker);
            return e != null && e.state() == BroadcastState.HELP && e.taskId().equals(task);
        });
    }

    @Override
    public void close() throws Exception {
        if (master != null) {
            master.destroy();
            if (!master.waitFor(20, TimeUnit.SECONDS)) master.destroyForcibly();
        }
        server.close();
    }
}
