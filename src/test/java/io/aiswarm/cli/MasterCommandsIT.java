package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.master.SwarmSession;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.state.file.FileMasterLease;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `swarm master`, `swarm status` and `swarm send` against a real tmux session. */
class MasterCommandsIT {
    @TempDir
    Path tmp;
    TmuxServer server;
    CliRun cli;

    @BeforeEach
    void setUp() {
        server = new TmuxServer();
        cli = new CliRun(tmp.resolve("swarm")).env("AI_SWARM_TMUX_SOCKET", server.socket())
                .env("AI_SWARM_POLL_INTERVAL", "0.2");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private TmuxSwarmManager startWorkers(int n) {
        return TmuxSwarmManager.create(new SessionSpec(server.socket(), SwarmSession.name("default"),
                WorkerIds.first(n), "tiled", tmp, Map.of(), null, null));
    }

    @Test
    void explainsWhatIsMissing() {
        CliRun.Result status = cli.run("status");
        assertThat(status.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
        assertThat(status.err()).contains("no swarm directory").contains("swarm init");
        assertThat(cli.run("init").exit()).isZero();
        CliRun.Result master = cli.run("master", "--once");
        assertThat(master.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
        assertThat(master.err()).contains("no tmux session 'swarm-default'").contains("swarm up");
        CliRun.Result send = cli.run("send", "worker-0", "y");
        assertThat(send.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
        assertThat(send.err()).contains("no tmux session");
        CliRun.Result quiet = cli.run("status");
        assertThat(quiet.exit()).isZero();
        assertThat(quiet.out()).contains("is not running").contains("master: not running").contains("pending 0");
    }

    @Test
    void drainsTheQueueAndReportsIt() {
        assertThat(cli.run("init").exit()).isZero();
        assertThat(cli.run("task", "add", "--id", "ok", "--", "echo fine").exit()).isZero();
        assertThat(cli.run("task", "add", "--id", "bad", "--", "exit 4").exit()).isZero();
        try (TmuxSwarmManager tmux = startWorkers(2)) {
            CliRun.Result dry = cli.run("master", "--once", "--dry-run");
            assertThat(dry.out()).contains("dry run: would dispatch ok to worker-0", "would dispatch bad to worker-1");
            CliRun.Result run = cli.run("master", "--exit-when-done");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("dispatched ok -> worker-0", "done ok on worker-0 (exit 0)",
                    "FAILED bad on worker-1 (exit 4)", "0 pending, 0 running, 1 done, 1 failed");
            CliRun.Result status = cli.run("status", "--json");
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("\"worker_id\": \"worker-0\"", "\"worker_id\": \"worker-1\"",
                    "\"done\": 1", "\"failed\": 1", "\"pane\": \"alive\""); // the runner waits for the next
            assertThat(cli.run("status", "--panes").out()).contains("WORKER", "worker-1", "ERROR", "| ");
        }
    }

    @Test
    void statusMeasuresCpuOnlyWhenAsked() {
        assertThat(cli.run("init").exit()).isZero();
        try (TmuxSwarmManager tmux = startWorkers(2)) {
            tmux.runInPane("worker-0", "while :; do :; done", tmp.resolve("busy.log"));
            tmux.runInPane("worker-1", "exec sleep 1000", tmp.resolve("idle.log"));
            CliRun.Result sampled = cli.run("status", "--json", "--cpu-sample", "300");
            assertThat(sampled.exit()).as(sampled.err()).isZero();
            assertThat(cpuDelta(sampled.out(), "worker-0")).isPositive();
            assertThat(cpuDelta(sampled.out(), "worker-1")).isZero();
            CliRun.Result quick = cli.run("status", "--json");
            assertThat(cpuDelta(quick.out(), "worker-0")).isZero(); // one sample: totals only
            CliRun.Result bad = cli.run("status", "--cpu-sample", "-5");
            assertThat(bad.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
            assertThat(bad.err()).contains("--cpu-sample -5");
        }
    }

    private static long cpuDelta(String json, String worker) {
        try {
            for (var w : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("workers")) {
                if (w.get("worker_id").asText().equals(worker)) return w.get("cpu_delta_ms").asLong();
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
        throw new AssertionError("no " + worker + " in " + json);
    }

    @Test
    void sendTypesIntoAWorkerPane() {
        assertThat(cli.run("init").exit()).isZero();
        try (TmuxSwarmManager tmux = startWorkers(1)) {
            CliRun.Result sent = cli.run("send", "worker-0", "echo sent-$((40+2))", "--enter");
            assertThat(sent.exit()).as(sent.err()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> tmux.capture("worker-0", 20).contains("sent-42"));
            CliRun.Result unknown = cli.run("send", "worker-7", "x");
            assertThat(unknown.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
            assertThat(unknown.err()).contains("no worker 'worker-7'", "workers: worker-0");
        }
    }

    @Test
    void sendTypesRawTextLogsNothingAndLeavesTheHelpToTheScreen() throws Exception {
        assertThat(cli.run("init").exit()).isZero();
        SwarmConfig config = SwarmConfig.from("default", Map.of("AI_SWARM_DIR", tmp.resolve("swarm").toString()));
        FileSwarmStore state = FileSwarmStore.open(config, java.time.Clock.systemUTC());
        state.queue().add(new io.aiswarm.state.NewTask("ask", "read answer", null, null));
        state.queue().update("ask", t -> t.assignedTo("worker-0", java.time.Instant.now()));
        state.broadcaster().broadcastHelp("worker-0", "ask", "Delete it? [y/N]", null);
        try (TmuxSwarmManager tmux = startWorkers(1)) {
            CliRun.Result sent = cli.run("send", "worker-0", "s3cret-answer", "--enter");
            assertThat(sent.exit()).as(sent.err()).isZero();
            assertThat(sent.out()).contains("typed 13 character(s) and Enter into worker-0");
        }
        String log = java.nio.file.Files.readString(config.paths().statusLog());
        assertThat(log).doesNotContain("s3cret-answer");
        // typing is no answer: the HELP ends when the master sees its prompt gone, not here
        io.aiswarm.state.StatusEvent last = state.statusLog().follow().poll().stream().reduce((a, b) -> b)
                .orElseThrow();
        assertThat(last.state()).isEqualTo(io.aiswarm.state.BroadcastState.HELP);
    }

    @Test
    void aSecondMasterWithoutStandbyIsRefused() {
        assertThat(cli.run("init").exit()).isZero();
        SwarmConfig config = SwarmConfig.from("default", Map.of("AI_SWARM_DIR", tmp.resolve("swarm").toString()));
        try (TmuxSwarmManager tmux = startWorkers(1);
             FileMasterLease held = FileMasterLease.tryAcquire(config.paths().masterLock()).orElseThrow()) {
            CliRun.Result refused = cli.run("master", "--no-standby");
            assertThat(refused.exit()).isEqualTo(SwarmMain.EXIT_NOT_GRANTED);
            assertThat(refused.err()).contains("another master is active");
            assertThat(cli.run("status").out()).contains("master: pid " + ProcessHandle.current().pid());
        }
    }
}
