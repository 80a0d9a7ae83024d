package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No worker is ever lost (issue 9), as a person meets it: `swarm down` and `swarm up` while a task runs, on exec
 * and on agent workers: the task runs again (its attempt counted) and finishes, and the worker takes further tasks;
 * `swarm restart` of a worker whose command hangs puts its task back in the queue.
 */
class NoWorkerLostIT {
    @TempDir
    Path tmp;
    private CliSwarm swarm;

    @BeforeEach
    void setUp() throws Exception {
        swarm = new CliSwarm(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        swarm.close();
    }

    private void awaitStatus(String task, TaskStatus status) throws Exception {
        try {
            await().atMost(CliSwarm.WAIT).until(() -> swarm.task(task).status() == status);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(task + " never got " + status + ": " + swarm.task(task) + "\nstatus.log:\n"
                    + Files.readString(swarm.swarm.resolve("status.log")) + "\nmasters:\n" + swarm.masterLogs(), e);
        }
    }

    private void downThenUp(String... up) throws Exception {
        CliRun.Result down = swarm.run("down");
        assertThat(down.exit()).isZero();
        swarm.stopMaster(); // it ends with its session
        CliRun.Result again = swarm.run(up);
        assertThat(again.exit()).as(again.err()).isZero();
        swarm.startMaster();
    }

    @Test
    void anExecTaskRunningAtDownRunsAgainAfterUpAndTheWorkerGoesOn() throws Exception {
        String[] up = {"up", "--workers", "1", "--no-master", "--workdir", tmp.toString()};
        assertThat(swarm.run(up).exit()).isZero();
        swarm.startMaster();
        // long on its first attempt only: the attempt that runs at `swarm down` is the one that dies
        assertThat(swarm.run("task", "add", "--id", "long", "--",
                "if [ \"$AI_SWARM_ATTEMPT\" = 1 ]; then sleep 60; fi; echo finished").exit()).isZero();
        awaitStatus("long", TaskStatus.RUNNING);
        downThenUp(up);
        awaitStatus("long", TaskStatus.DONE);
        TaskInfo long_ = swarm.task("long");
        assertThat(long_.attempts()).isEqualTo(2);
        assertThat(Files.readString(swarm.swarm.resolve("results/long.log"))).contains("finished");
        assertThat(swarm.run("task", "add", "--id", "after", "--", "echo after").exit()).isZero();
        awaitStatus("after", TaskStatus.DONE);
    }

    @Test
    void anAgentTaskRunningAtDownRunsAgainAfterUpAndTheWorkerGoesOn() throws Exception {
        String[] up = {"up", "--agent", "sim", "--workers", "1", "--no-master", "--workdir",
                Files.createDirectories(tmp.resolve("work")).toString()};
        simAgentBusyFor(60); // the turn that runs at `swarm down` is the one that dies
        assertThat(swarm.run(up).exit()).isZero();
        swarm.startMaster();
        assertThat(swarm.run("task", "add", "--id", "think", "--prompt", "think hard").exit()).isZero();
        awaitStatus("think", TaskStatus.RUNNING);
        simAgentBusyFor(1);
        downThenUp(up);
        // the fresh agent never got the prompt: the task is not adopted for ever, it is given again
        awaitStatus("think", TaskStatus.DONE);
        assertThat(swarm.task("think").attempts()).isEqualTo(2);
        assertThat(Files.readAllLines(tmp.resolve("sim.log")).stream().filter(l -> l.startsWith("prompt think")))
                .hasSize(2);
        assertThat(swarm.run("task", "add", "--id", "next", "--prompt", "say:next").exit()).isZero();
        awaitStatus("next", TaskStatus.DONE);
    }

    private void simAgentBusyFor(int seconds) throws Exception {
        Files.writeString(swarm.swarm.resolve("agents.json"), "{\"agents\":{\"sim\":{\"env\":{\"SIM_AGENT_LOG\":\""
                + tmp.resolve("sim.log") + "\",\"SIM_AGENT_BUSY_SECONDS\":\"" + seconds + "\"}}}}");
    }

    @Test
    void restartingAWorkerPutsItsTaskBackAndTheWorkerGoesOn() throws Exception {
        assertThat(swarm.run("up", "--workers", "1", "--no-master", "--workdir", tmp.toString()).exit()).isZero();
        swarm.startMaster();
        // hangs on its first attempt only
        assertThat(swarm.run("task", "add", "--id", "hangs", "--",
                "if [ \"$AI_SWARM_ATTEMPT\" = 1 ]; then sleep 600; fi; echo second try").exit()).isZero();
        awaitStatus("hangs", TaskStatus.RUNNING);
        CliRun.Result restart = swarm.run("restart", "worker-0");
        assertThat(restart.exit()).as(restart.err()).isZero();
        assertThat(restart.out()).contains("restarted worker-0", "task hangs is back in the queue");
        awaitStatus("hangs", TaskStatus.DONE);
        assertThat(swarm.task("hangs").attempts()).isEqualTo(2);
        assertThat(Files.readString(swarm.swarm.resolve("results/hangs.log"))).contains("second try");
        assertThat(swarm.run("restart", "worker-9").err()).contains("no worker 'worker-9'");
    }
}
