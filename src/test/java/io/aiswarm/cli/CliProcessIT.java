package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.file.FileStatusLog;
import io.aiswarm.testing.JavaProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real `swarm` entry point in its own JVM: standard input, streaming output, exit codes. */
class CliProcessIT {
    @TempDir
    Path tmp;

    private ProcessBuilder swarm(String... args) {
        ProcessBuilder pb = JavaProcess.builder(SwarmMain.class, List.of(args));
        pb.environment().put("AI_SWARM_DIR", tmp.resolve("swarm").toString());
        return pb;
    }

    @Test
    void taskAddReadsStandardInput() throws Exception {
        Process p = swarm("task", "add", "--file", "-").redirectErrorStream(true).start();
        p.getOutputStream().write("{\"command\": \"make build\"}\n{\"prompt\": \"review\", \"task_id\": \"rev\"}\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().toList()).containsExactly("task-000001", "rev");

        Process held = swarm("lock", "acquire", "rev", "-w", "worker-0").start();
        assertThat(held.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(held.exitValue()).isZero();
        Process other = swarm("lock", "acquire", "rev", "-w", "worker-1").start();
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).isEqualTo(SwarmMain.EXIT_NOT_GRANTED);
    }

    @Test
    void logFollowPrintsEventsAsTheyArrive() throws Exception {
        StatusBroadcaster b = new StatusBroadcaster(new FileStatusLog(tmp.resolve("swarm/status.log")), Clock.systemUTC());
        Process init = swarm("init").start();
        assertThat(init.waitFor(60, TimeUnit.SECONDS)).isTrue();
        b.broadcastStart("worker-0", "", "before");
        Process follow = swarm("log", "--follow", "--worker", "worker-0").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).contains("worker-0", "START", "before");
            b.broadcastDone("worker-1", "t9", "someone else");
            b.broadcastDone("worker-0", "t1", "after");
            assertThat(out.readLine()).contains("worker-0", "DONE", "t1", "after");
        } finally {
            follow.destroyForcibly();
            follow.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void initSaysWhenTmuxIsMissing() throws Exception {
        ProcessBuilder pb = swarm("init").redirectErrorStream(true);
        pb.environment().put("PATH", tmp.resolve("empty-bin").toString()); // no tmux on this PATH
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("(created)", "rwx------", "tmux:            NOT FOUND");
    }
}
