package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.RunningMaster;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One screen pipeline: the master's captures feed the rescuer and the screen observer alike. A quiet pane is not
 * read again unless the observer asks for it; a pane that prints is read once and both see that capture; a pane
 * whose process ends is reported to the observer once, with its exit status. The poll interval is 30 s, so no
 * round but the first (and the pane's exit) runs meanwhile.
 */
class ScreenPipelineIT {
    private static final String CLUSTER = "screens";
    /** Quiet until a file named after its pane appears, then asks; exits 3 once Enter arrives. */
    private static final String PANE = "printf 'thinking\\n'; while [ ! -f \"go$TMUX_PANE\" ]; do sleep 0.05; done; "
            + "printf 'Installing...\\nPress ENTER to continue '; read -r _; printf 'answered\\n'; exit 3";

    @TempDir
    Path dir;
    private final TmuxServer server = new TmuxServer();
    private TmuxSwarmManager tmux;

    @AfterEach
    void tearDown() {
        if (tmux != null) tmux.close();
        server.close();
    }

    /** Counts the captures it is given; asks to look at worker-0 again every 200 ms, never at worker-1. */
    private static final class CountingObserver implements ScreenObserver {
        final Map<String, List<String>> seen = new ConcurrentHashMap<>();
        final List<String> exits = new CopyOnWriteArrayList<>();

        @Override
        public Set<String> workers() {
            return Set.of("worker-0", "worker-1");
        }

        @Override
        public Optional<Duration> observe(String workerId, String screen) {
            seen.computeIfAbsent(workerId, w -> new CopyOnWriteArrayList<>()).add(screen);
            return workerId.equals("worker-0") ? Optional.of(Duration.ofMillis(200)) : Optional.empty();
        }

        @Override
        public Optional<String> exited(String workerId, Integer exitStatus) {
            exits.add(workerId + " " + exitStatus);
            return Optional.of(workerId + " exited");
        }

        int count(String worker) {
            return seen.getOrDefault(worker, List.of()).size();
        }
    }

    @Test
    void theRescuerAndTheObserverReadTheSameCapturesAndAQuietPaneIsReadOnlyWhenAsked() throws Exception {
        tmux = TmuxSwarmManager.create(new SessionSpec(server.socket(), SwarmSession.name(CLUSTER),
                WorkerIds.first(2), "windows", dir, Map.of(), null, List.of("sh", "-c", PANE)));
        SwarmConfig config = SwarmConfig.from(CLUSTER, Map.of("AI_SWARM_DIR", dir.resolve("swarm").toString(),
                "AI_SWARM_TMUX_SOCKET", server.socket(), "AI_SWARM_POLL_INTERVAL", "30"));
        FileSwarmStore state = FileSwarmStore.open(config, Clock.systemUTC());
        CountingObserver observer = new CountingObserver();
        List<String> told = new CopyOnWriteArrayList<>();
        SwarmMaster master = SwarmMaster.builder(config, Clock.systemUTC())
                .store(state)
                .panes(new TmuxWorkerPanes(tmux))
                .screens(observer)
                .listener(new MasterListener() {
                    @Override
                    public void message(String text) {
                        told.add(text);
                    }
                })
                .build();
        try (RunningMaster running = RunningMaster.start(master)) {
            // the first round's sweep reads both; then only the pane the observer asks for is read again
            await().atMost(Duration.ofSeconds(20)).until(() -> observer.count("worker-0") >= 10);
            assertThat(observer.count("worker-1")).as("a quiet pane nobody asked for is not read again (the first"
                    + " round's sweep reads it; its shell's start may print once)").isBetween(1, 2);
            assertThat(observer.seen.get("worker-0")).anyMatch(screen -> screen.contains("thinking"));

            String pane = tmux.panes().stream().filter(p -> p.workerId().equals("worker-1")).findFirst().orElseThrow()
                    .paneId();
            Files.writeString(dir.resolve("go" + pane), ""); // worker-1 prints its prompt now
            await().atMost(Duration.ofSeconds(10)).until(() -> observer.exits.contains("worker-1 3"));
            assertThat(observer.seen.get("worker-1")).as("the capture the rescuer answered was the observer's too")
                    .anyMatch(screen -> screen.contains("Press ENTER to continue") && !screen.contains("answered"));
            assertThat(Files.readAllLines(config.paths().decisionsLog())).hasSize(1)
                    .allMatch(line -> line.contains("SEND_ENTER") && line.contains("worker-1"));
            assertThat(told).contains("worker-1 exited");
            int before = observer.count("worker-0");
            await().atMost(Duration.ofSeconds(10)).until(() -> observer.count("worker-0") >= before + 5);
            assertThat(observer.exits).as("an ended pane is reported once").containsExactly("worker-1 3");
        }
    }
}
