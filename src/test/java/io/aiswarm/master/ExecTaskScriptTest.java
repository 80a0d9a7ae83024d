package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmState;
import io.aiswarm.state.TaskInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec worker's script, run by a real sh: byte-exact commands, START then DONE/ERROR lines that parse. */
class ExecTaskScriptTest {
    @TempDir
    Path dir;

    private List<StatusEvent> run(String command) throws Exception {
        SwarmState state = SwarmState.open(SwarmConfig.from("t", Map.of("AI_SWARM_DIR", dir.toString())),
                Clock.systemUTC());
        TaskInfo task = state.queue().add(new NewTask(null, command, null, null)).assignedTo("worker-3",
                Instant.now());
        Process p = new ProcessBuilder("sh", "-c", ExecTaskScript.build(task, "worker-3", state.paths()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return state.statusLog().follow().poll();
    }

    @Test
    void reportsStartAndDoneWithTheExitCodeAndAttempt() throws Exception {
        Path mark = dir.resolve("mark");
        List<StatusEvent> events = run("printf '%s|%s|%s' \"it's 100%\" \"$AI_SWARM_TASK_ID\" \"$AI_SWARM_ATTEMPT\" > "
                + mark + "; printf '%s\\n' 'a\\b'");
        assertThat(events).extracting(StatusEvent::state).containsExactly(BroadcastState.START, BroadcastState.DONE);
        StatusEvent done = events.get(1);
        assertThat(done.workerId()).isEqualTo("worker-3");
        assertThat(done.taskId()).isEqualTo("task-000001");
        assertThat(done.meta()).containsEntry("exit_code", 0).containsEntry("attempt", 1);
        assertThat(Files.readString(mark)).isEqualTo("it's 100%|task-000001|1");
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("a\\b\n");
    }

    @Test
    void aFailingCommandReportsErrorWithItsExitCode() throws Exception {
        List<StatusEvent> events = run("echo broken >&2\nexit 7");
        assertThat(events).extracting(StatusEvent::state).containsExactly(BroadcastState.START, BroadcastState.ERROR);
        assertThat(events.get(1).meta()).containsEntry("exit_code", 7);
        assertThat(events.get(1).message()).isEqualTo("exit 7");
    }
}
