package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.api.ControlSocketClient;
import io.aiswarm.state.TaskInfo;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/swarm answers `status` and `task add` through the running master with curl: the same output and exit code as
 * the JVM, bad input included; whatever the master declines, and any swarm without a master, goes to the JVM.
 * "Via the master" runs bin/swarm with no java on its PATH, so only the master can have answered.
 */
class MasterClientIT {
    private static final Path LAUNCHER = Path.of("bin/swarm").toAbsolutePath();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
        Run replace(String from, String to) {
            return new Run(exit, out.replace(from, to), err.replace(from, to));
        }
    }

    private Run swarm(CliSwarm swarm, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AI_SWARM_"));
        pb.environment().put("AI_SWARM_DIR", swarm.swarm.toString());
        pb.environment().put("AI_SWARM_TMUX_SOCKET", swarm.server.socket());
        pb.environment().putAll(env);
        pb.environment().values().removeIf(String::isEmpty); // "" in env: leave that variable out
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Run viaMaster(CliSwarm swarm, String... args) throws Exception {
        return swarm(swarm, Map.of("PATH", noJava().toString()), args);
    }

    private Run viaJvm(CliSwarm swarm, String... args) throws Exception {
        return swarm(swarm, Map.of("AI_SWARM_NO_MASTER_CLIENT", "1"), args);
    }

    /** A PATH with what bin/swarm's curl client needs and no java: a JVM start there fails with 127. */
    private Path noJava() throws IOException {
        Path bin = tmp.resolve("no-java-bin");
        if (Files.isDirectory(bin)) return bin;
        Files.createDirectories(bin);
        for (String tool : List.of("bash", "env", "readlink", "dirname", "curl", "find")) {
            for (String dir : System.getenv("PATH").split(":")) {
                Path found = Path.of(dir, tool);
                if (Files.isExecutable(found)) {
                    Files.createSymbolicLink(bin.resolve(tool), found.toRealPath());
                    break;
                }
            }
        }
        return bin;
    }

    private static String[] line(String id, String... args) {
        return java.util.Arrays.stream(args).map(a -> a.replace("ID", id)).toArray(String[]::new);
    }

    private CliSwarm withMaster() throws Exception {
        CliSwarm swarm = new CliSwarm(tmp);
        assertThat(swarm.run("up", "--workers", "1", "--no-master", "--workdir", tmp.toString()).exit()).isZero();
        swarm.startMaster();
        ControlSocketClient client = ControlSocketClient.of(swarm.swarm.resolve("master.sock"), "test");
        await().atMost(CliSwarm.WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                client.call("GET", "/api/status", "", Duration.ofSeconds(5)).filter(r -> r.status() == 200).isPresent());
        return swarm;
    }

    @Test
    void taskAddAndStatusAnswerAsTheJvmDoes() throws Exception {
        try (CliSwarm swarm = withMaster()) {
            assertThat(viaJvm(swarm, "task", "add", "--id", "first", "--", "true").exit()).isZero();
            List<String[]> lines = List.of(
                    new String[] {"task", "add", "--id", "ID", "--", "echo", "a  b", "'quoted' \"double\" $HOME \\ `x`"},
                    new String[] {"task", "add", "--id", "ID-p", "--prompt", "line one\nline two: ü ✓ \t tab"},
                    new String[] {"task", "add", "--id", "ID-s", "-p", "2", "--timeout", "30s", "--retries", "2",
                            "--backoff", "1m", "--after", "first", "--", "true"},
                    new String[] {"task", "add", "--retries", "999", "--", "true"},
                    new String[] {"task", "add", "--id", "x y", "--", "true"},
                    new String[] {"task", "add", "--backoff", "1m", "--", "true"},
                    new String[] {"task", "add", "--not-before", "soon", "--", "true"},
                    new String[] {"task", "add", "--after", "bad id", "--", "true"},
                    new String[] {"task", "add", "--json", "--", "true"},
                    new String[] {"task", "add", "--id", "ID", "--", "again"}); // a duplicate id
            for (String[] args : lines) {
                Run fast = viaMaster(swarm, line("fast", args));
                Run jvm = viaJvm(swarm, line("jvm", args)).replace("jvm", "fast");
                assertThat(fast).as(String.join(" ", args)).isEqualTo(jvm);
            }
            for (String id : List.of("", "-p", "-s")) {
                TaskInfo fast = swarm.task("fast" + id);
                TaskInfo jvm = swarm.task("jvm" + id);
                assertThat(fast.command()).isEqualTo(jvm.command());
                assertThat(fast.prompt()).isEqualTo(jvm.prompt());
                assertThat(fast.priority()).isEqualTo(jvm.priority());
                assertThat(asked(fast)).isEqualTo(asked(jvm)).isNotNull();
            }
            assertThat(swarm.task("fast-p").prompt()).isEqualTo("line one\nline two: ü ✓ \t tab");
            // a generated id
            assertThat(viaMaster(swarm, "task", "add", "--", "true").out()).matches("task-\\d{6}\n");
            // the swarm directory found as SwarmConfig finds it: relative to the working directory, or by cluster
            Map<String, String> relative = Map.of("PATH", noJava().toString(), "AI_SWARM_DIR",
                    tmp.relativize(swarm.swarm).toString());
            assertThat(swarm(swarm, relative, "task", "add", "--id", "rel", "--", "true")).isEqualTo(new Run(0, "rel\n", ""));
            Path state = Files.createDirectories(tmp.resolve("state/ai-swarm"));
            Files.createSymbolicLink(state.resolve("c1"), swarm.swarm);
            Map<String, String> byCluster = Map.of("PATH", noJava().toString(), "AI_SWARM_DIR", "",
                    "XDG_STATE_HOME", tmp.resolve("state").toString(), "AI_SWARM_CLUSTER", "c1");
            assertThat(swarm(swarm, byCluster, "task", "add", "--id", "xdg", "--", "true")).isEqualTo(new Run(0, "xdg\n", ""));

            for (String[] args : List.of(new String[] {"status"}, new String[] {"status", "--json"},
                    new String[] {"status", "--panes"})) {
                assertThat(sameStatus(swarm, args)).as(String.join(" ", args)).isTrue();
            }
        }
    }

    /** What `task add` stored from its options (not what running it added since: process group, times). */
    private static Map<String, Object> asked(TaskInfo t) {
        Map<String, Object> asked = new java.util.TreeMap<>();
        for (String key : List.of(io.aiswarm.state.TaskSchedule.TIMEOUT, io.aiswarm.state.TaskSchedule.RETRIES,
                io.aiswarm.state.TaskSchedule.BACKOFF, io.aiswarm.state.TaskDependencies.AFTER)) {
            if (t.extra().containsKey(key)) asked.put(key, t.extra().get(key));
        }
        return asked;
    }

    /**
     * Both ask the master for its last round; a round in between may change it, so a few tries; and its times are
     * relative to the call (4s ago, 3s ago), so digits are not compared.
     */
    private boolean sameStatus(CliSwarm swarm, String... args) throws Exception {
        Run fast = null;
        Run jvm = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            fast = viaMaster(swarm, args);
            jvm = viaJvm(swarm, args);
            assertThat(fast.exit()).isZero();
            fast = new Run(fast.exit(), fast.out().replaceAll("\\d", "#"), fast.err());
            jvm = new Run(jvm.exit(), jvm.out().replaceAll("\\d", "#"), jvm.err());
            if (fast.equals(jvm)) return true;
        }
        assertThat(fast).isEqualTo(jvm);
        return false;
    }

    /** Usage errors and help (which the JVM colours for a terminal), --file and --cpu-sample: the JVM answers. */
    @Test
    void whatTheMasterDeclinesTheJvmAnswers() throws Exception {
        try (CliSwarm swarm = withMaster()) {
            Path file = Files.writeString(tmp.resolve("tasks.txt"), "echo one\necho two\n");
            List<String[]> lines = List.of(new String[] {"task", "add"},
                    new String[] {"task", "add", "--priority", "x", "--", "true"},
                    new String[] {"task", "add", "-h"},
                    new String[] {"status", "--bogus"},
                    new String[] {"status", "--cpu-sample", "10"});
            for (String[] args : lines) {
                assertThat(viaMaster(swarm, args).exit()).as("no JVM, so it fails: " + String.join(" ", args))
                        .isEqualTo(127);
                Run launcher = swarm(swarm, Map.of(), args);
                Run jvm = viaJvm(swarm, args);
                assertThat(launcher.exit()).as(String.join(" ", args)).isEqualTo(jvm.exit());
                assertThat(launcher.err()).isEqualTo(jvm.err());
            }
            Run added = swarm(swarm, Map.of(), "task", "add", "--file", file.toString());
            assertThat(added).isEqualTo(new Run(0, "task-000001\ntask-000002\n", ""));
            assertThat(swarm.store().queue().list()).hasSize(2); // declined before anything was added
        }
    }

    @Test
    void withoutAMasterTheJvmAnswers() throws Exception {
        try (CliSwarm swarm = new CliSwarm(tmp)) {
            assertThat(swarm(swarm, Map.of(), "task", "add", "--id", "t1", "--", "true"))
                    .isEqualTo(new Run(0, "t1\n", ""));
            // a dead master's socket file: nobody listens
            Path socket = swarm.swarm.resolve("master.sock");
            try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                dead.bind(UnixDomainSocketAddress.of(socket));
            }
            assertThat(socket).exists();
            assertThat(swarm(swarm, Map.of(), "task", "add", "--id", "t2", "--", "true"))
                    .isEqualTo(new Run(0, "t2\n", ""));
            Run status = swarm(swarm, Map.of(), "status");
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("is not running");
            assertThat(swarm.store().queue().list()).extracting(TaskInfo::taskId).containsExactly("t1", "t2");
        }
    }

    /** The same socket still speaks JSON lines to the JVM's clients (swarm top, swarm serve). */
    @Test
    void theSocketSpeaksHttpAndJsonLines() throws Exception {
        try (CliSwarm swarm = withMaster()) {
            Path socket = swarm.swarm.resolve("master.sock");
            Process curl = new ProcessBuilder("curl", "-s", "--unix-socket", socket.toString(),
                    "http://swarm/api/status?format=table").start();
            String table = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(table).contains("worker-0");
            Process declined = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "--unix-socket", socket.toString(), "--data-binary", "x", "http://swarm" + CliViaMaster.PATH).start();
            assertThat(new String(declined.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("409");
            assertThat(ControlSocketClient.of(socket, "test").call("GET", "/api/status?format=table", "",
                    Duration.ofSeconds(10)).orElseThrow().body()).contains("worker-0");
        }
    }
}
