package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    @TempDir
    Path tmp;
    private CliSwarm swarm;
    private CliRun cli;

    @BeforeEach
    void setUp() throws Exception {
        swarm = new CliSwarm(tmp);
        cli = swarm.cli;
    }

    @AfterEach
    void tearDown() throws Exception {
        swarm.close();
    }

    private StatusEvent last(String worker) {
        return swarm.last(worker);
    }

    private TaskInfo task(String id) {
        return swarm.task(id);
    }

    private void awaitHelp(String worker, String task) {
        swarm.awaitHelp(worker, task);
    }

    private void upSim(String agentsJson) throws Exception {
        Files.writeString(swarm.swarm.resolve("agents.json"), agentsJson);
        CliRun.Result up = cli.run("up", "--agent", "sim", "--workers", "1", "--no-master", "--workdir",
                Files.createDirectories(tmp.resolve("work")).toString());
        assertThat(up.exit()).as(up.err()).isZero();
        swarm.startMaster();
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
        // the master keeps looking at the pane meanwhile: the HELP stays
        await().during(Duration.ofMillis(1500)).atMost(CliSwarm.WAIT)
                .until(() -> last("worker-0").state() == BroadcastState.HELP);

        CliRun.Result no = cli.run("answer", "worker-0", "no");
        assertThat(no.exit()).as(no.err()).isZero();
        assertThat(no.out()).contains("chose 4. No", "the prompt closed");
        await().atMost(CliSwarm.WAIT).until(() -> task("clean").status().isFinal());
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
        await().atMost(CliSwarm.WAIT).until(() -> task("next").status() == TaskStatus.DONE);
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
        await().atMost(CliSwarm.WAIT).until(() -> task("deploy").status() == TaskStatus.DONE);
        assertThat(Files.readAllLines(tmp.resolve("sim.log"))).contains("approved make deploy");
    }

    /** The scenario of issue 9: a one-worker exec swarm whose task asks [y/N]; the worker is never lost. */
    @Test
    void anExecWorkersQuestionAnsweredBySendAndByAnswerThenMoreTasksAllRun() throws Exception {
        CliRun.Result up = cli.run("up", "--workers", "1", "--no-master", "--workdir", tmp.toString());
        assertThat(up.exit()).as(up.err()).isZero();
        swarm.startMaster();
        String asks = "printf 'Delete 3 files? [y/N] '; read a; if [ \"$a\" = n ]; then echo kept; else echo gone; fi";
        assertThat(cli.run("task", "add", "--id", "ask1", "--", asks).exit()).isZero();
        awaitHelp("worker-0", "ask1");
        assertThat(cli.run("send", "worker-0", "n", "--enter").exit()).isZero();
        await().atMost(CliSwarm.WAIT).until(() -> task("ask1").status() == TaskStatus.DONE);

        assertThat(cli.run("task", "add", "--id", "ask2", "--", asks).exit()).isZero();
        awaitHelp("worker-0", "ask2");
        CliRun.Result no = cli.run("answer", "worker-0", "no");
        assertThat(no.exit()).as(no.err()).isZero();
        assertThat(no.out()).contains("typed n and Enter");
        await().atMost(CliSwarm.WAIT).until(() -> task("ask2").status() == TaskStatus.DONE);
        for (String id : List.of("ask1", "ask2")) {
            assertThat(Files.readString(swarm.swarm.resolve("results/" + id + ".log"))).contains("kept")
                    .doesNotContain("gone");
        }

        for (int i = 0; i < 3; i++) {
            assertThat(cli.run("task", "add", "--id", "more" + i, "--", "echo more " + i).exit()).isZero();
        }
        await().atMost(CliSwarm.WAIT).until(() -> swarm.store().queue().list().stream()
                .allMatch(t -> t.status() == TaskStatus.DONE));
        assertThat(swarm.masterLogs()).doesNotContain("round failed");
    }
}
