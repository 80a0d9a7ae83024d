package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.cli.SwarmMain;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real tmux server with exec workers and a swarm directory, for end-to-end master tests: tasks that append their id
 * to a marks file (so a test counts how often each ran), masters in this JVM or as child JVMs.
 */
abstract class TmuxSwarmFixture {
    static final String CLUSTER = "e2e";

    @TempDir
    Path dir;
    TmuxServer server;
    TmuxSwarmManager tmux;
    Map<String, String> env;
    SwarmConfig config;
    FileSwarmStore state;
    Path marks;
    final List<Process> children = new ArrayList<>();
    final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() {
        server = new TmuxServer();
        env = new HashMap<>();
        env.put("AI_SWARM_DIR", dir.resolve("swarm").toString());
        env.put("AI_SWARM_TMUX_SOCKET", server.socket());
        env.put("AI_SWARM_POLL_INTERVAL", "0.2");
        String runner = System.getenv(ExecRunner.ENV_RUNNER); // the exec ITs run either way
        if (runner != null) env.put(ExecRunner.ENV_RUNNER, runner);
        env.putAll(moreEnv());
        config = SwarmConfig.from(CLUSTER, env);
        state = FileSwarmStore.open(config, Clock.systemUTC());
        marks = dir.resolve("marks.txt");
    }

    /** Settings a test class adds to the swarm's environment. */
    Map<String, String> moreEnv() {
        return Map.of();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : children) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        pool.shutdownNow();
        if (tmux != null) tmux.close();
        server.close();
    }

    void startWorkers(int n) {
        tmux = TmuxSwarmManager.create(new SessionSpec(server.socket(),
                SwarmSession.name(CLUSTER), WorkerIds.first(n), "tiled", dir, Map.of(), null, null));
    }

    List<String> addMarkTasks(int m, String before) {
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            String id = String.format("task-%03d", i);
            tasks.add(new NewTask(id, before + "printf '%s\\n' " + id + " >> '" + marks + "'", null, null));
        }
        return state.queue().addAll(tasks).stream().map(TaskInfo::taskId).toList();
    }

    Map<String, Long> markCounts() throws Exception {
        if (!Files.exists(marks)) return Map.of();
        return Files.readAllLines(marks).stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
    }

    void assertEveryMarkExactlyOnce(List<String> ids) throws Exception {
        Map<String, Long> counts = markCounts();
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(counts).allSatisfy((id, count) -> assertThat(count).as("marks of " + id).isEqualTo(1L));
        assertThat(state.queue().list()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.DONE));
    }

    SwarmMaster inProcessMaster(List<String> log) {
        return SwarmMaster.builder(config, Clock.systemUTC())
                .store(state)
                .panes(new TmuxWorkerPanes(tmux)).listener(new MasterListener() {
                    @Override
                    public void message(String text) {
                        log.add(text);
                    }

                    @Override
                    public void requeued(TaskInfo task) {
                        log.add("requeued " + task.taskId());
                    }
                }).build();
    }

    Process masterJvm(String name, String... extra) throws Exception {
        return masterJvm(name, Map.of(), extra);
    }

    /** `swarm master` as a child JVM with these variables added to the swarm's; its output in NAME.log. */
    Process masterJvm(String name, Map<String, String> moreEnv, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("master", "--cluster", CLUSTER));
        args.addAll(List.of(extra));
        File log = dir.resolve(name + ".log").toFile();
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.putAll(moreEnv);
        Process p = JavaProcess.start(SwarmMain.class, childEnv, log, args.toArray(String[]::new));
        children.add(p);
        return p;
    }

    /** Alive and not a zombie (a container's init may leave killed orphans unreaped). */
    static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) return false;
        String s = Files.readString(stat);
        return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
    }

    long count(TaskStatus status) {
        return state.queue().list().stream().filter(t -> t.status() == status).count();
    }
}
