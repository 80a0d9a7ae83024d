package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.file.FileSwarmStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The exec worker's script, run by a real sh and bash: byte-exact commands, START then DONE/ERROR lines that parse. */
class ExecTaskScriptIT {
    @TempDir
    Path dir;

    /** sh, and bash when present (the master prefers it: its clock needs no `date` process). */
    static List<String> shells() {
        return Files.isExecutable(Path.of("/bin/bash")) ? List.of("sh", "/bin/bash") : List.of("sh");
    }

    private List<StatusEvent> run(String shell, String command, Map<String, String> env) throws Exception {
        FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("t", Map.of("AI_SWARM_DIR", dir.toString())),
                Clock.systemUTC());
        TaskInfo task = state.queue().add(new NewTask(null, command, null, null)).assignedTo("worker-3",
                Instant.now());
        Path commandFile = Files.writeString(dir.resolve("command.sh"), command);
        ProcessBuilder pb = new ProcessBuilder(shell, "-c", ExecTaskScript.build(task, "worker-3", state.paths(),
                commandFile, false))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return state.statusLog().follow().poll();
    }

    private List<StatusEvent> run(String shell, String command) throws Exception {
        return run(shell, command, Map.of());
    }

    @Test
    void theScriptRunsUnderBashWhenThereIsOne() {
        if (!Files.isExecutable(Path.of("/bin/bash")) && !Files.isExecutable(Path.of("/usr/bin/bash"))) {
            assertThat(ExecTaskScript.shell()).isEqualTo("sh");
            return;
        }
        assertThat(ExecTaskScript.shell()).endsWith("/bash");
        assertThat(Path.of(ExecTaskScript.shell())).isAbsolute().isExecutable();
    }

    @ParameterizedTest
    @MethodSource("shells")
    void stampsLinesInUtcWithMillisecondsWhateverTheTimeZone(String shell) throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<StatusEvent> events = run(shell, "sleep 0.2", Map.of("TZ", "Asia/Tokyo"));
        Instant after = Instant.now();
        assertThat(events).extracting(StatusEvent::state).containsExactly(BroadcastState.START, BroadcastState.DONE);
        for (StatusEvent e : events) assertThat(e.ts()).isBetween(before, after);
        assertThat(Duration.between(events.get(0).ts(), events.get(1).ts())).isBetween(Duration.ofMillis(150),
                Duration.ofSeconds(5));
        assertThat(Files.readString(config().paths().statusLog())).contains("Z\",\"worker_id\"");
    }

    private SwarmConfig config() {
        return SwarmConfig.from("t", Map.of("AI_SWARM_DIR", dir.toString()));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void reportsStartAndDoneWithTheExitCodeAndAttempt(String shell) throws Exception {
        Path mark = dir.resolve("mark");
        List<StatusEvent> events = run(shell, "printf '%s|%s|%s' \"it's 100%\" \"$AI_SWARM_TASK_ID\" \"$AI_SWARM_ATTEMPT\" > "
                + mark + "; printf '%s\\n' 'a\\b'");
        assertThat(events).extracting(StatusEvent::state).containsExactly(BroadcastState.START, BroadcastState.DONE);
        StatusEvent done = events.get(1);
        assertThat(done.workerId()).isEqualTo("worker-3");
        assertThat(done.taskId()).isEqualTo("task-000001");
        assertThat(done.meta()).containsEntry("exit_code", 0).containsEntry("attempt", 1);
        assertThat(Files.readString(mark)).isEqualTo("it's 100%|task-000001|1");
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("a\\b\n");
    }

    /** A link planted as status.log is never followed: the file it leads to stays as it was. */
    @ParameterizedTest
    @MethodSource("shells")
    void aLinkPlantedAsTheStatusLogIsNotFollowed(String shell) throws Exception {
        Path victim = Files.writeString(dir.resolveSibling(dir.getFileName() + "-victim.txt"), "keep\n");
        try {
            Files.createSymbolicLink(dir.resolve("status.log"), victim);
            // the script runs; reading the log back afterwards is refused as well
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(shell, "echo ran > " + dir.resolve("ran.txt")))
                    .hasMessageContaining("symbolic link");
            assertThat(Files.readString(victim)).isEqualTo("keep\n");
            assertThat(dir.resolve("ran.txt")).exists(); // the command itself still ran
            assertThat(Files.readString(dir.resolve("out.txt"))).contains("not a regular file");
        } finally {
            Files.deleteIfExists(victim);
        }
    }

    /** A command starting with '-', of any size, or spanning lines runs as written (it is a file, not an argument). */
    @ParameterizedTest
    @MethodSource("shells")
    void commandsThatAreNoShellArgumentRunAsWritten(String shell) throws Exception {
        String big = "x".repeat(300 * 1024);
        List<StatusEvent> events = run(shell, "-true 2>/dev/null; v='" + big + "'; echo ${#v} > "
                + dir.resolve("len.txt"));
        assertThat(events).extracting(StatusEvent::state).containsExactly(BroadcastState.START, BroadcastState.DONE);
        assertThat(Files.readString(dir.resolve("len.txt")).trim()).isEqualTo(String.valueOf(big.length()));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aFailingCommandReportsErrorWithItsExitCode(String shell) throws Exception {
        List<StatusEvent> events = run(shell, "echo broken >&2\nexit 7");
        assertThat(events).extracting(StatusEvent::state).containsExactly(BroadcastState.START, BroadcastState.ERROR);
        assertThat(events.get(1).meta()).containsEntry("exit_code", 7);
        assertThat(events.get(1).message()).isEqualTo("exit 7");
    }
}
