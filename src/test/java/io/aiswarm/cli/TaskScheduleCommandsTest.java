package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `swarm task add` with a schedule: flags stored as the task's fields, bad values refused naming the flag. */
class TaskScheduleCommandsTest {
    @TempDir
    Path tmp;
    CliRun swarm;

    @BeforeEach
    void setUp() {
        swarm = new CliRun(tmp.resolve("swarm"));
    }

    private JsonNode show(String id) throws Exception {
        return Json.MAPPER.readTree(swarm.run("task", "show", id).out());
    }

    @Test
    void scheduleFlagsAreStoredWithTheTask() throws Exception {
        CliRun.Result r = swarm.run("task", "add", "--id", "a", "--timeout", "90m", "--retries", "2", "--backoff",
                "45s", "--not-before", "2h", "--", "make", "test");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode a = show("a");
        assertThat(a.get("timeout").asText()).isEqualTo("1h30m");
        assertThat(a.get("retries").asInt()).isEqualTo(2);
        assertThat(a.get("backoff").asText()).isEqualTo("45s");
        Instant at = Instant.parse(a.get("not_before").asText());
        assertThat(Duration.between(Instant.now(), at)).isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
    }

    @Test
    void flagsApplyToEveryTaskOfAFileUnlessTheFileSaysOtherwise() throws Exception {
        Path file = tmp.resolve("t.jsonl");
        Files.writeString(file, "{\"task_id\": \"x\", \"command\": \"make\"}\n"
                + "{\"task_id\": \"y\", \"command\": \"make\", \"timeout\": \"5m\"}\n");
        assertThat(swarm.run("task", "add", "--timeout", "1m", "--file", file.toString()).exit()).isZero();
        assertThat(show("x").get("timeout").asText()).isEqualTo("1m");
        assertThat(show("y").get("timeout").asText()).isEqualTo("5m");
    }

    @Test
    void badValuesAreRefusedNamingTheFlagAndNothingIsAdded() {
        expectError(new String[] {"--timeout", "forever"}, "--timeout 'forever'");
        expectError(new String[] {"--timeout", "0s"}, "longer than 0");
        expectError(new String[] {"--retries", "-1"}, "--retries -1");
        expectError(new String[] {"--retries", "1000"}, "--retries 1000");
        expectError(new String[] {"--backoff", "5s"}, "--backoff only applies with --retries");
        expectError(new String[] {"--not-before", "someday"}, "--not-before 'someday'");
        assertThat(swarm.run("task", "list").out().lines().count()).isEqualTo(1); // the header only
    }

    private void expectError(String[] flags, String message) {
        String[] args = new String[flags.length + 4];
        args[0] = "task";
        args[1] = "add";
        System.arraycopy(flags, 0, args, 2, flags.length);
        args[flags.length + 2] = "--";
        args[flags.length + 3] = "true";
        CliRun.Result r = swarm.run(args);
        assertThat(r.exit()).as(r.out()).isNotZero();
        assertThat(r.err()).contains(message);
    }

    @Test
    void afterNamesKnownTasksAndListShowsWhyATaskIsBlocked() throws Exception {
        swarm.run("task", "add", "--id", "a", "--", "make");
        CliRun.Result r = swarm.run("task", "add", "--id", "b", "--after", "a", "--", "make");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(show("b").get("after").get(0).asText()).isEqualTo("a");
        CliRun.Result unknown = swarm.run("task", "add", "--after", "a,ghost", "--", "make");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("'ghost', which is no task");
        CliRun.Result bad = swarm.run("task", "add", "--after", "a b", "--", "make");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("--after");
        swarm.run("task", "cancel", "a");
        assertThat(swarm.run("task", "list").out()).containsPattern("b +5 blocked .*\\[dependency 'a' cancelled\\]");
        assertThat(show("b").get("blocked").asText()).isEqualTo("dependency 'a' cancelled");
    }
}
