package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateCommandsTest {
    @TempDir
    Path tmp;
    Path dir;
    CliRun swarm;

    @BeforeEach
    void setUp() {
        dir = tmp.resolve("swarm");
        swarm = new CliRun(dir);
    }

    /** Every command and sub-command answers --help with its usage and exit 0 (a walk of the whole tree). */
    @Test
    void everyCommandHasHelp() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(SwarmMain.commandLine(), new java.util.ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(15);
        for (java.util.List<String> path : paths) {
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            CliRun.Result r = swarm.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: swarm");
        }
    }

    private static void collect(picocli.CommandLine cmd, java.util.List<String> path,
                                java.util.List<java.util.List<String>> out) {
        for (var sub : cmd.getSubcommands().entrySet()) {
            if (!sub.getValue().getCommandName().equals(sub.getKey())) continue; // an alias
            java.util.List<String> next = new java.util.ArrayList<>(path);
            next.add(sub.getKey());
            out.add(next);
            collect(sub.getValue(), next, out);
        }
    }

    @Test
    void initCreatesThePrivateDirectoryAndReportsItsChecks() throws Exception {
        CliRun.Result r = swarm.run("init");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("swarm directory: " + dir + " (created)", "rwx------", "tmux:");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(swarm.run("init").out()).contains("(already there)");
    }

    @Test
    void initRefusesAWorldWritableDirectory() throws Exception {
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        CliRun.Result r = swarm.run("init");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("swarm: ").contains(dir.toString(), "chmod 700");
    }

    @Test
    void taskAddListShowCancelRetry() throws Exception {
        assertThat(swarm.run("task", "add", "--", "make", "test").out()).isEqualTo("task-000001\n");
        assertThat(swarm.run("task", "add", "--id", "review", "-p", "1", "--prompt", "review the diff").out())
                .isEqualTo("review\n");
        CliRun.Result list = swarm.run("task", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines().skip(1).toList()).hasSize(2);
        assertThat(list.out().lines().skip(1).findFirst().orElseThrow()).startsWith("review").contains("prompt: review the diff");
        assertThat(list.out()).contains("$ make test");

        JsonNode shown = Json.MAPPER.readTree(swarm.run("task", "show", "task-000001").out());
        assertThat(shown.get("command").asText()).isEqualTo("make test");
        assertThat(shown.get("status").asText()).isEqualTo("pending");

        assertThat(swarm.run("task", "cancel", "task-000001").exit()).isZero();
        CliRun.Result again = swarm.run("task", "cancel", "task-000001");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already cancelled");
        JsonNode cancelled = Json.MAPPER.readTree(swarm.run("task", "list", "--status", "cancelled", "--json").out());
        assertThat(cancelled).hasSize(1);
        assertThat(cancelled.get(0).get("task_id").asText()).isEqualTo("task-000001");

        assertThat(swarm.run("task", "retry", "review").err()).contains("only a finished task");
        assertThat(swarm.run("task", "retry", "task-000001").exit()).isZero();
        assertThat(Json.MAPPER.readTree(swarm.run("task", "list", "--status", "pending", "--json").out())).hasSize(2);
    }

    @Test
    void taskErrorsNameWhatWasWrong() {
        CliRun.Result badId = swarm.run("task", "add", "--id", "../../x", "--", "ls");
        assertThat(badId.exit()).isEqualTo(1);
        assertThat(badId.err()).contains("task id '../../x' is not allowed");
        assertThat(swarm.run("task", "add", "-p", "12", "--", "ls").err())
                .isEqualTo("swarm: the new task: priority 12 is out of range; use 1 (most urgent) to 9\n");
        assertThat(swarm.run("task", "add", "--id", "t9", "-p", "12", "--", "ls").err()).contains("task 't9': priority 12");
        CliRun.Result unknown = swarm.run("task", "add", "--bogus");
        assertThat(unknown.exit()).isEqualTo(64);
        assertThat(unknown.err()).startsWith("swarm: Unknown option: '--bogus'");
        assertThat(swarm.run("task", "add").exit()).isEqualTo(64);
        assertThat(swarm.run("task", "add", "--prompt", "x", "--", "ls").exit()).isEqualTo(64);
        assertThat(swarm.run("task", "show", "nope").err()).contains("no task 'nope'");
        assertThat(swarm.run("task", "list", "--status", "weird").err()).contains("unknown task status 'weird'");
    }

    @Test
    void anUnparsableTasksFileFailsAndIsLeftAlone() throws Exception {
        swarm.run("init");
        Files.writeString(dir.resolve("tasks.json"), "{\"tasks\": [\n  {\"task_id\": \"a\",,}\n]}");
        CliRun.Result r = swarm.run("task", "add", "--", "ls");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(dir.resolve("tasks.json").toString(), "line 2, column");
        assertThat(Files.readString(dir.resolve("tasks.json"))).isEqualTo("{\"tasks\": [\n  {\"task_id\": \"a\",,}\n]}");
    }

    @Test
    void addsManyTasksFromAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("tasks.txt"), String.join("\n",
                "# build first", "make build", "", "[ -f x ] && echo yes", "{ make test; }"));
        CliRun.Result r = swarm.run("task", "add", "--file", file.toString(), "--priority", "7");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("task-000001", "task-000002", "task-000003");
        JsonNode all = Json.MAPPER.readTree(swarm.run("task", "list", "--json").out());
        assertThat(all.get(1).get("command").asText()).isEqualTo("[ -f x ] && echo yes");
        assertThat(all.get(2).get("command").asText()).isEqualTo("{ make test; }");
        assertThat(all.get(1).get("priority").asInt()).isEqualTo(7);

        Path lines = Files.writeString(tmp.resolve("more.txt"), String.join("\n",
                "# agents", "{\"task_id\": \"docs\", \"prompt\": \"write docs\", \"priority\": 2}",
                "{\"command\": \"[ -f y ]\"}"));
        assertThat(swarm.run("task", "add", "--file", lines.toString()).out().lines().toList())
                .containsExactly("docs", "task-000005");
        assertThat(Json.MAPPER.readTree(swarm.run("task", "list", "--json").out()).get(0).get("task_id").asText())
                .isEqualTo("docs");

        Path array = Files.writeString(tmp.resolve("tasks.json"), "[{\"command\": \"a\"}, {\"prompt\": \"b\", \"priority\": 0}]");
        CliRun.Result bad = swarm.run("task", "add", "--file", array.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("element 2", "priority 0");
        assertThat(Json.MAPPER.readTree(swarm.run("task", "list", "--json").out())).hasSize(5); // none of the batch

        Path badLine = Files.writeString(tmp.resolve("bad.txt"), "{\"command\": \"ls\"}\n{\"command\": \"x\", \"prio\": 1}\n");
        assertThat(swarm.run("task", "add", "-f", badLine.toString()).err()).contains("line 2", "unknown field \"prio\"");
        // --json: the whole file is JSON, so a shell line is an error, not a command
        Path shell = Files.writeString(tmp.resolve("shell.txt"), "make\n");
        assertThat(swarm.run("task", "add", "--json", "-f", shell.toString()).err()).contains("line 1", "not valid JSON");
    }

    @Test
    void lockCommandsAndTheirExitCodes() throws Exception {
        assertThat(swarm.run("lock", "acquire", "t1", "--worker", "worker-0").exit()).isZero();
        assertThat(swarm.run("lock", "acquire", "t1", "--worker", "worker-0").out()).contains("already holds");
        CliRun.Result held = swarm.run("lock", "acquire", "t1", "--worker", "worker-1");
        assertThat(held.exit()).isEqualTo(2);
        assertThat(held.err()).contains("held by worker-0");
        CliRun.Result check = swarm.run("lock", "check", "t1");
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("t1: locked by worker-0", "expires in");
        assertThat(swarm.run("lock", "list").out()).contains("t1", "worker-0", "live");
        JsonNode json = Json.MAPPER.readTree(swarm.run("lock", "list", "--json").out());
        assertThat(json.get(0).get("worker_id").asText()).isEqualTo("worker-0");
        assertThat(swarm.run("lock", "release", "t1", "--worker", "worker-1").exit()).isEqualTo(2);
        assertThat(swarm.run("lock", "release", "t1", "--worker", "worker-0").exit()).isZero();
        assertThat(swarm.run("lock", "check", "t1").exit()).isEqualTo(2);
        assertThat(swarm.run("lock", "acquire", "t1").exit()).isEqualTo(64);
        CliRun.Result badWorker = swarm.run("lock", "acquire", "t2", "--worker", "worker 1");
        assertThat(badWorker.exit()).as("bad input").isEqualTo(64);
        assertThat(badWorker.err()).startsWith("swarm: worker id 'worker 1' is not allowed: ");
        assertThat(swarm.run("lock", "check", "t2").exit()).as("nothing taken").isEqualTo(2);
        assertThat(swarm.run("lock", "acquire", "a/b", "-w", "w").err()).contains("task id 'a/b'");
    }

    /** A long history: the list shows what is unfinished and the latest finished; --all, show and retry reach the rest. */
    @Test
    void taskListWithALongHistoryShowsTheLatestFinishedAndAllOfItWithAll() throws Exception {
        var queue = FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", dir.toString())),
                java.time.Clock.systemUTC()).queue();
        java.util.List<io.aiswarm.state.NewTask> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) tasks.add(new io.aiswarm.state.NewTask(String.format("old-%03d", i), "true",
                null, null));
        queue.addAll(tasks);
        for (int i = 0; i < 400; i++) {
            Instant at = Instant.parse("2026-01-31T12:00:00Z").plusSeconds(i);
            queue.update(String.format("old-%03d", i), t -> t.assignedTo("w", at).finished(
                    io.aiswarm.state.TaskStatus.DONE, 0, null, null, at));
        }
        queue.add(new io.aiswarm.state.NewTask("live", "true", null, null));
        assertThat(Files.size(dir.resolve("tasks.archive.jsonl"))).isPositive();
        CliRun.Result list = swarm.run("task", "list");
        assertThat(list.out().lines().count()).isEqualTo(1 + 1 + TaskCommand.ListTasks.RECENT);
        assertThat(list.out()).contains("old-399", "old-300", "live").doesNotContain("old-299");
        assertThat(list.err()).contains("300 earlier finished tasks not listed", "--all");
        assertThat(Json.MAPPER.readTree(swarm.run("task", "list", "--all", "--json").out())).hasSize(401);
        assertThat(swarm.run("task", "show", "old-000").out()).contains("\"done\"");
        assertThat(swarm.run("task", "retry", "old-000").exit()).isZero();
        assertThat(swarm.run("task", "list", "--status", "pending").out()).contains("old-000", "live");
    }

    @Test
    void anExpiredLockIsTakenOverFromTheCommandLine() {
        // worker-0 took the lock an hour ago and never sent a heartbeat: its 300 s have long run out
        FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", dir.toString())),
                new MutableClock(Instant.now().minus(Duration.ofHours(1)))).locks().acquire("t1", "worker-0");
        assertThat(swarm.run("lock", "check", "t1").exit()).isEqualTo(2);
        CliRun.Result r = swarm.run("lock", "acquire", "t1", "-w", "worker-1");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("took over");
    }

    @Test
    void logPrintsFiltersAndRotates() throws Exception {
        swarm.run("init");
        Files.writeString(dir.resolve("status.log"), String.join("\n",
                "{\"ts\":\"2026-01-31T12:00:00.000Z\",\"worker_id\":\"worker-0\",\"task_id\":\"\",\"state\":\"START\",\"message\":\"up\"}",
                "garbage",
                "{\"ts\":\"2026-01-31T12:00:01.000Z\",\"worker_id\":\"worker-1\",\"task_id\":\"t1\",\"state\":\"DONE\",\"message\":\"ok\",\"meta\":{\"exit_code\":0}}",
                ""));
        CliRun.Result all = swarm.run("log");
        assertThat(all.exit()).isZero();
        assertThat(all.out().lines().toList()).hasSize(2);
        assertThat(all.out()).contains("worker-1", "DONE", "t1", "{\"exit_code\":0}");
        assertThat(all.err()).contains("skipped 1 malformed line");
        assertThat(swarm.run("log", "--worker", "worker-0").out().lines().toList()).hasSize(1);
        assertThat(swarm.run("log", "--json", "-w", "worker-1").out().trim())
                .isEqualTo("{\"ts\":\"2026-01-31T12:00:01.000Z\",\"worker_id\":\"worker-1\",\"task_id\":\"t1\","
                        + "\"state\":\"DONE\",\"message\":\"ok\",\"meta\":{\"exit_code\":0}}");

        assertThat(swarm.run("log", "-n", "1").out()).contains("worker-1").doesNotContain("worker-0");
        assertThat(swarm.run("log", "-n", "0").out()).isEmpty();
        assertThat(swarm.run("log", "--since", "2026-01-31T12:00:00.500Z").out().lines().toList()).hasSize(1);
        assertThat(swarm.run("log", "--since", "10m").out()).isEmpty(); // the lines are from 2026-01-31
        assertThat(swarm.run("log", "--since", "yesterday").err()).contains("--since 'yesterday'");

        CliRun.Result rotated = swarm.run("log", "rotate");
        assertThat(rotated.exit()).isZero();
        assertThat(rotated.out()).contains("archived");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("status.log.2"));
        }
        CliRun.Result after = swarm.run("log");
        assertThat(after.out().lines().toList()).hasSize(2).allMatch(l -> l.contains("snapshot"));
        assertThat(after.err()).isEmpty();
    }

    @Test
    void clusterOptionWorksBeforeOrAfterTheSubcommand() {
        CliRun noDir = new CliRun(dir).env("AI_SWARM_DIR", "").env("XDG_STATE_HOME", tmp.toString());
        assertThat(noDir.run("task", "--cluster", "alpha", "add", "--", "ls").exit()).isZero();
        assertThat(noDir.run("task", "add", "--cluster", "beta", "--", "ls").exit()).isZero();
        assertThat(Files.exists(tmp.resolve("ai-swarm/alpha/tasks.json"))).isTrue();
        assertThat(Files.exists(tmp.resolve("ai-swarm/beta/tasks.json"))).isTrue();
        assertThat(noDir.run("--cluster", "gamma", "task", "add", "--", "ls").exit()).isZero();
        assertThat(noDir.run("task", "add", "--cluster", "demo", "--", "ls").exit()).isZero(); // a command's name
        assertThat(noDir.run("--cluster", "status", "task", "add", "--", "ls").exit()).isZero();
        assertThat(Files.exists(tmp.resolve("ai-swarm/demo/tasks.json"))).isTrue();
        assertThat(Files.exists(tmp.resolve("ai-swarm/status/tasks.json"))).isTrue();
        assertThat(Files.exists(tmp.resolve("ai-swarm/gamma/tasks.json"))).isTrue();
        assertThat(noDir.run("task", "list", "--cluster", "../x").err()).contains("cluster name");
    }

    @Test
    void helpNamesTheCommandAskedForAndSummariesAreWholeSentences() {
        CliRun.Result add = swarm.run("help", "task", "add");
        assertThat(add.exit()).isZero();
        assertThat(add.out()).startsWith("Usage: swarm task add");
        assertThat(swarm.run("help", "task", "nope").exit()).isEqualTo(64);
        // a command's summary in its parent's list is the first line of its description: none may stop mid-sentence
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(SwarmMain.commandLine(), new java.util.ArrayList<>(), paths);
        for (java.util.List<String> path : paths) {
            picocli.CommandLine cmd = SwarmMain.commandLine();
            for (String name : path) cmd = cmd.getSubcommands().get(name);
            String first = cmd.getCommandSpec().usageMessage().description()[0].strip();
            assertThat(first).as(String.join(" ", path)).endsWith(".");
        }
    }
}
