package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.WorkerRoster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed swarm as a person runs it, on a private tmux server: the simulated agent and exec workers (one with a
 * label) in one session, tasks routed by agent and label, a task no worker can take shown in status, then `swarm
 * scale` up and down on the running swarm: an idle worker is removed at once, a busy one drains.
 */
class MixedSwarmIT {
    @TempDir
    Path tmp;

    @Test
    void routesByAgentAndLabelAndScalesUpAndDownWhileRunning() throws Exception {
        try (CliSwarm swarm = new CliSwarm(tmp)) {
            current = swarm;
            Files.writeString(swarm.swarm.resolve("agents.json"), "{\"agents\":{\"sim\":{\"env\":{\"SIM_AGENT_LOG\":\""
                    + tmp.resolve("sim.log") + "\"}}}}");
            CliRun.Result up = swarm.run("up", "--workers", "sim:1,exec:1,exec:1@gpu", "--no-master", "--workdir",
                    Files.createDirectories(tmp.resolve("work")).toString());
            assertThat(up.exit()).as(up.err()).isZero();
            assertThat(up.out()).contains("worker-0 sim, worker-1 exec, worker-2 exec@gpu");
            assertThat(roster()).containsExactly("worker-0 sim", "worker-1 exec", "worker-2 exec@gpu");

            add("--id", "prompt", "--prompt", "hello sleep:0.2");
            add("--id", "gpu", "--label", "gpu", "--", "sleep 0.2");
            add("--id", "for-codex", "--agent", "codex", "--prompt", "no codex here");
            swarm.startMaster();
            awaitDone("prompt", "gpu");
            assertThat(swarm.task("prompt").workerId()).isEqualTo("worker-0");
            assertThat(swarm.task("gpu").workerId()).isEqualTo("worker-2");
            CliRun.Result status = swarm.run("status");
            assertThat(status.out()).contains("no worker takes (1;").contains("for-codex  wants agent codex");

            // scale up: a second plain exec worker joins the running swarm and takes work
            CliRun.Result more = swarm.run("scale", "exec:2");
            assertThat(more.exit()).as(more.err()).isZero();
            assertThat(more.out()).contains("swarm: added worker-3 exec");
            // the master takes the new worker in at its next round: the three tasks below must find it there
            await().atMost(CliSwarm.WAIT).until(() -> swarm.run("status", "--json").out()
                    .matches("(?s).*\"worker_id\"\\s*:\\s*\"worker-3\".*"));
            add("--id", "a", "--", "sleep 2");
            add("--id", "b", "--", "sleep 2");
            add("--id", "c", "--", "sleep 2");
            awaitDone("a", "b", "c");
            // a plain command goes to any exec worker, the labelled one too
            assertThat(List.of(swarm.task("a").workerId(), swarm.task("b").workerId(), swarm.task("c").workerId()))
                    .containsExactlyInAnyOrder("worker-1", "worker-2", "worker-3");

            // scale down a busy worker: it drains (no new task), and leaves once its task ends
            add("--id", "long", "--label", "gpu", "--", "sleep 4");
            await().atMost(CliSwarm.WAIT).until(() -> swarm.task("long").status() == TaskStatus.RUNNING);
            CliRun.Result drain = swarm.run("scale", "exec:0@gpu");
            assertThat(drain.exit()).as(drain.err()).isZero();
            assertThat(drain.out()).contains("worker-2 drains");
            assertThat(roster()).contains("worker-2 exec@gpu (draining)");
            add("--id", "gpu-2", "--label", "gpu", "--", "true");
            awaitDone("long");
            await().atMost(CliSwarm.WAIT).until(() -> !roster().toString().contains("worker-2"));
            await().atMost(CliSwarm.WAIT).until(() -> !panes().contains("worker-2"));
            assertThat(swarm.task("gpu-2").status()).isEqualTo(TaskStatus.PENDING);
            assertThat(swarm.run("status").out()).contains("gpu-2  wants an exec worker with label gpu");

            // scale down idle workers: the newest goes at once (the master removes it between two dispatches)
            CliRun.Result fewer = swarm.run("scale", "exec:1");
            assertThat(fewer.exit()).as(fewer.err()).isZero();
            assertThat(fewer.out()).contains("swarm: removed worker-3");
            assertThat(panes()).doesNotContain("worker-3").contains("worker-1", "worker-0");
            assertThat(swarm.masterLogs()).contains("removed drained worker(s) worker-2");

            // scale the agents up: a second simulated agent starts, is seeded like the first, and takes prompts
            CliRun.Result agents = swarm.run("scale", "sim:2");
            assertThat(agents.exit()).as(agents.err()).isZero();
            assertThat(agents.out()).contains("swarm: added worker-2 sim");
            add("--id", "p2", "--prompt", "second sleep:2");
            add("--id", "p3", "--prompt", "third sleep:2");
            awaitDone("p2", "p3");
            assertThat(List.of(swarm.task("p2").workerId(), swarm.task("p3").workerId()))
                    .containsExactlyInAnyOrder("worker-0", "worker-2");
            for (TaskInfo t : swarm.store().queue().list()) assertThat(t.attempts()).isLessThanOrEqualTo(1);
        }
    }

    private void add(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "task";
        all[1] = "add";
        System.arraycopy(args, 0, all, 2, args.length);
        CliRun.Result r = swarmRun(all);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private CliSwarm current;

    private CliRun.Result swarmRun(String... args) {
        return current.run(args);
    }

    private List<String> roster() {
        return WorkerRoster.read(current.swarm).orElseThrow().workers().stream().map(WorkerRoster.Worker::describe)
                .toList();
    }

    private String panes() throws Exception {
        Process p = new ProcessBuilder("tmux", "-L", current.server.socket(), "list-panes", "-a", "-F",
                "#{@swarm_worker}").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private void awaitDone(String... ids) {
        await().atMost(CliSwarm.WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String id : ids) if (current.task(id).status() != TaskStatus.DONE) return false;
            return true;
        });
    }
}
