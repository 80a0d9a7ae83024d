package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person answering HELP as a user does it, on real tmux with a master in its own JVM: `swarm answer` on the
 * simulated agent's Claude Code 2.1.330 dialog (four options, No is 4) declines the command and the task ends declined;
 * an answer that does not close the dialog keeps the HELP; an exec worker's [y/N] question answered with `swarm send`
 * and with `swarm answer`, and the worker goes on with the queue.
 */
class AnsweringIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path tmp;
    private TmuxServer server;
    private Path swarm;
    private CliRun cli;
    private Process master;

    @BeforeEach
    void setUp() throws Exception {
        server = new TmuxServer();
        swarm = Files.createDirectories(tmp.resolve("swarm"));
        cli = new CliRun(swarm).env("AI_SWARM_TMUX_SOCKET", server.socket()).env("PATH", System.getenv("PATH"))
                .env("AI_SWARM_POLL_INTERVAL", "0.3")
                .env("AI_SWARM_LAUNCHER", Path.of("bin/swarm").toAbsolutePath().toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (master != null) {
            master.destroy();
            master.waitFor(20, TimeUnit.SECONDS);
            master.destroyForcibly();
        }
        server.close();
    }

    private void startMaster() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("AI_SWARM_DIR", swarm.toString());
        env.put("AI_SWARM_TMUX_SOCKET", server.socket());
        env.put("AI_SWARM_POLL_INTERVAL", "0.3");
        master = JavaProcess.start(SwarmMain.class, env, tmp.resolve("master.log").toFile(), "master", "--no-standby");
    }

    private FileSwarmStore store() {
        return FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", swarm.toString())),
                Clock.systemUTC());
    }

    private StatusEvent last(String worker) {
        return store().statusLog().lastEvents(Set.of(worker)).get(worker);
    }

    private TaskInfo task(String id) {
        return store().queue().get(id).orElseThrow();
    }

    private String masterLog() throws Exception {
        return Files.exists(tmp.resolve("master.log")) ? Files.readString(tmp.resolve("master.log")) : "";
    }

    private void awaitHelp(String worker, String task) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            StatusEvent e = last(worker);
            return e != null && e.state() == BroadcastState.HELP && e.taskId().equals(task);
        });
    }

    private void upSim(String agentsJson) throws Exception {
        Files.writeString(swarm.resolve("agents.json"), agentsJson);
        CliRun.Result up = cli.run("up", "--agent", "sim", "--workers", "1", "--no-master", "--workdir",
                Files.createDirectories(tmp.resolve("work")).toString());
        assertThat(up.exit()).as(up.err()).isZero();
        startMaster();
    }

    private String simProfile(String extra) {
        return "{\"agents\":{\"sim\":{\"env\":{\"SIM_AGENT_LOG\":\"" + tmp.resolve("sim.log")
                + "\",\"SIM_AGENT_CLAUDE\":\"2.1.330\",\"SIM_AGENT_DIALOG_GRACE\":\"0.1\"}" + extra + "}}}";
    }

    @Test
    void aDialogDeclinedWithSwarmAnswerEndsTheTaskDeclinedAndTheCommandNeverRuns() throws Exception {
        upSim(simProfile(""));
        assertThat(cli.run("task", "add", "--id", "clean", "--prompt", "clean up ask:rm -rf build").exit()).isZero();
        awaitHelp("worker-0", "clean");
        assertThat(last("worker-0").message()).contains("rm -rf build", "swarm answer worker-0 yes|no|cancel");

        // raw keys that mean nothing to the dialog: the HELP stays, nothing is logged as an answer
        CliRun.Result send = cli.run("send", "worker-0", "n");
        assertThat(send.exit()).isZero();
        Thread.sleep(1500); // the master keeps looking at the pane meanwhile
        assertThat(last("worker-0").state()).isEqualTo(BroadcastState.HELP);

        CliRun.Result no = cli.run("answer", "worker-0", "no");
        assertThat(no.exit()).as(no.err()).isZero();
        assertThat(no.out()).contains("chose 4. No", "the prompt closed");
        await().atMost(WAIT).until(() -> task("clean").status().isFinal());
        TaskInfo clean = task("clean");
        assertThat(clean.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(clean.declined()).as(clean.error()).isTrue();
        assertThat(clean.error()).startsWith("permission declined: rm -rf build");
        assertThat(cli.run("task", "list").out()).containsPattern("clean +5 declined");
        assertThat(Files.readAllLines(tmp.resolve("sim.log"))).contains("denied rm -rf build")
                .noneMatch(l -> l.startsWith("approved"));

        CliRun.Result nothing = cli.run("answer", "worker-0", "yes");
        assertThat(nothing.exit()).isEqualTo(1);
        assertThat(nothing.err()).contains("nothing waits");
        // the worker takes the next task
        assertThat(cli.run("task", "add", "--id", "next", "--prompt", "say:hi").exit()).isZero();
        await().atMost(WAIT).until(() -> task("next").status() == TaskStatus.DONE);
    }

    @Test
    void anAnswerThatDoesNotCloseTheDialogKeepsTheHelp() throws Exception {
        // a profile whose cancel key the agent ignores: the answer is typed, the dialog stays
        upSim(simProfile(",\"answer\":{\"cancel\":\"x\"}"));
        assertThat(cli.run("task", "add", "--id", "deploy", "--prompt", "ship it ask:make deploy").exit()).isZero();
        awaitHelp("worker-0", "deploy");
        CliRun.Result cancel = cli.run("answer", "worker-0", "cancel");
        assertThat(cancel.exit()).isEqualTo(1);
        assertThat(cancel.err()).contains("pressed x", "still open", "HELP stays");
        assertThat(last("worker-0").state()).isEqualTo(BroadcastState.HELP);
        assertThat(task("deploy").status()).isEqualTo(TaskStatus.RUNNING);

        CliRun.Result yes = cli.run("answer", "worker-0", "yes");
        assertThat(yes.exit()).as(yes.err()).isZero();
        await().atMost(WAIT).until(() -> task("deploy").status() == TaskStatus.DONE);
        assertThat(Files.readAllLines(tmp.resolve("sim.log"))).contains("approved make deploy");
    }

    /** The scenario of issue 9: a one-worker exec swarm whose task asks [y/N]; the worker is never lost. */
    @Test
    void anExecWorkersQuestionAnsweredBySendAndByAnswerThenMoreTasksAllRun() throws Exception {
        CliRun.Result up = cli.run("up", "--workers", "1", "--no-master", "--workdir", tmp.toString());
        assertThat(up.exit()).as(up.err()).isZero();
        startMaster();
        String asks = "printf 'Delete 3 files? [y/N] '; read a; if [ \"$a\" = n ]; then echo kept; else echo gone; fi";
        assertThat(cli.run("task", "add", "--id", "ask1", "--", asks).exit()).isZero();
        awaitHelp("worker-0", "ask1");
        assertThat(cli.run("send", "worker-0", "n", "--enter").exit()).isZero();
        await().atMost(WAIT).until(() -> task("ask1").status() == TaskStatus.DONE);

        assertThat(cli.run("task", "add", "--id", "ask2", "--", asks).exit()).isZero();
        awaitHelp("worker-0", "ask2");
        CliRun.Result no = cli.run("answer", "worker-0", "no");
        assertThat(no.exit()).as(no.err()).isZero();
        assertThat(no.out()).contains("typed n and Enter");
        await().atMost(WAIT).until(() -> task("ask2").status() == TaskStatus.DONE);
        for (String id : List.of("ask1", "ask2")) {
            assertThat(Files.readString(swarm.resolve("results/" + id + ".log"))).contains("kept")
                    .doesNotContain("gone");
        }

        for (int i = 0; i < 3; i++) {
            assertThat(cli.run("task", "add", "--id", "more" + i, "--", "echo more " + i).exit()).isZero();
        }
        await().atMost(WAIT).until(() -> store().queue().list().stream().allMatch(t -> t.status() == TaskStatus.DONE));
        assertThat(masterLog()).doesNotContain("round failed");
    }
}
