package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    @Test
    void agentAndLabelsAreStoredAndBadOnesRefusedNamingTheFlag() throws Exception {
        CliRun.Result r = swarm.run("task", "add", "--id", "p", "--agent", "claude", "--label", "gpu,big", "--label",
                "gpu", "--prompt", "review it");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(show("p").get("agent").asText()).isEqualTo("claude");
        assertThat(show("p").get("labels").toString()).isEqualTo("[\"gpu\",\"big\"]");
        assertThat(swarm.run("task", "add", "--id", "e", "--agent", "exec", "--", "make").exit()).isZero();
        expectError(new String[] {"--agent", "nosuch"}, "--agent nosuch: no such profile; use exec or one of [");
        expectError(new String[] {"--agent", "claude"}, "agent 'claude' takes prompts, but the task is a command");
        expectError(new String[] {"--label", "a b"}, "--label 'a b' is not a label");
        assertThat(swarm.run("task", "list").out().lines().count()).isEqualTo(3); // the header, p and e
    }

    @Test
    void timeLimitsOfEveryCommandTakeOneDurationSyntax() {
        CliRun.Result up = swarm.run("up", "--setup-timeout", "soon", "--no-master");
        assertThat(up.exit()).isNotZero();
        assertThat(up.err()).contains("--setup-timeout 'soon' is not a duration");
        CliRun.Result merge = swarm.run("merge", "--all", "--verify-timeout", "0");
        assertThat(merge.exit()).isNotZero();
        assertThat(merge.err()).contains("--verify-timeout '0' must be longer than 0");
        CliRun.Result scale = swarm.env("AI_SWARM_TMUX_SOCKET", "ai-swarm-test-none-" + ProcessHandle.current().pid())
                .run("scale", "2");
        assertThat(scale.exit()).isNotZero();
        assertThat(scale.err()).contains("no tmux session 'swarm-default'").contains("swarm scale changes a running one");
        CliRun.Result workers = swarm.run("up", "--workers", "claude:x", "--no-master");
        assertThat(workers.exit()).isNotZero();
        assertThat(workers.err()).contains("--workers claude:x: 'claude:x' is not PROFILE:N[@LABEL[+LABEL]]");
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

    @Test
    void purgeRemovesFinishedTasksByStatusAndAgeKeepingResultsUnlessAsked() throws Exception {
        Path dir = tmp.resolve("swarm");
        swarm.run("init");
        io.aiswarm.testing.MutableClock clock = io.aiswarm.testing.MutableClock.at(Instant.now().minus(Duration.ofDays(3))
                .toString());
        try (io.aiswarm.state.file.FileSwarmStore store = io.aiswarm.state.file.FileSwarmStore.open(
                io.aiswarm.state.SwarmConfig.from("default", java.util.Map.of("AI_SWARM_DIR", dir.toString())), clock)) {
            for (String id : List.of("old-done", "old-failed", "new-done", "waiting", "base", "after-base")) {
                store.queue().add(new io.aiswarm.state.NewTask(id, "make", null, null,
                        id.equals("after-base") ? java.util.Map.of("after", List.of("base")) : java.util.Map.of()));
            }
            end(store, "old-done", io.aiswarm.state.TaskStatus.DONE, clock.instant());
            end(store, "base", io.aiswarm.state.TaskStatus.DONE, clock.instant());
            end(store, "old-failed", io.aiswarm.state.TaskStatus.FAILED, clock.instant());
            end(store, "new-done", io.aiswarm.state.TaskStatus.DONE, Instant.now());
        }
        Files.createDirectories(dir.resolve("results"));
        Files.writeString(dir.resolve("results/old-done.log"), "output");
        Files.writeString(dir.resolve("results/new-done.log"), "output");

        CliRun.Result bad = swarm.run("task", "purge", "--status", "pending");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("purge removes finished tasks only");
        assertThat(swarm.run("task", "purge", "--status", "done", "--older-than", "forever").err())
                .contains("--older-than 'forever'");

        CliRun.Result r = swarm.run("task", "purge", "--status", "done", "--older-than", "1d");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("removed 1 task", "kept base: unfinished tasks run after them");
        assertThat(ids()).containsExactly("old-failed", "new-done", "waiting", "base", "after-base");
        assertThat(dir.resolve("results/old-done.log")).exists(); // results stay without --results

        r = swarm.run("task", "purge", "--status", "done,failed", "--results");
        assertThat(r.out()).contains("removed 2 tasks and 1 result file");
        assertThat(dir.resolve("results/new-done.log")).doesNotExist();
        assertThat(ids()).containsExactly("waiting", "base", "after-base");
    }

    @Test
    void rmRemovesOneTaskButNeverAnActiveOrAwaitedOne() throws Exception {
        swarm.run("task", "add", "--id", "a", "--", "make");
        swarm.run("task", "add", "--id", "b", "--after", "a", "--", "make");
        CliRun.Result awaited = swarm.run("task", "rm", "a");
        assertThat(awaited.exit()).isNotZero();
        assertThat(awaited.err()).contains("still awaited by b");
        assertThat(swarm.run("task", "rm", "b").out()).isEqualTo("b removed\n");
        assertThat(swarm.run("task", "rm", "a").exit()).isZero();
        assertThat(swarm.run("task", "rm", "ghost").err()).contains("no task 'ghost'");
        assertThat(ids()).isEmpty();
        swarm.run("task", "add", "--id", "busy", "--", "make");
        try (io.aiswarm.state.file.FileSwarmStore store = io.aiswarm.state.file.FileSwarmStore.open(
                io.aiswarm.state.SwarmConfig.from("default", java.util.Map.of("AI_SWARM_DIR",
                        tmp.resolve("swarm").toString())), java.time.Clock.systemUTC())) {
            store.queue().update("busy", t -> t.assignedTo("worker-0", Instant.now()));
        }
        CliRun.Result active = swarm.run("task", "rm", "busy");
        assertThat(active.exit()).isNotZero();
        assertThat(active.err()).contains("task 'busy' is assigned on worker-0; cancel it first");
        assertThat(ids()).containsExactly("busy");
    }

    private List<String> ids() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        Json.MAPPER.readTree(swarm.run("task", "list", "--json").out()).forEach(t -> ids.add(t.get("task_id").asText()));
        return ids;
    }

    private static void end(io.aiswarm.state.file.FileSwarmStore store, String id, io.aiswarm.state.TaskStatus status,
                            Instant at) {
        store.queue().update(id, t -> t.finished(status, 0, null, null, at));
    }
}
