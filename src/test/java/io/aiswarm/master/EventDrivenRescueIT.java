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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rescue is event-driven: a prompt that a worker prints is answered because the pane printed, not because
 * a tick came round. The poll interval is 30 s and the prompt appears after the master's first round, so no
 * round (and no safety sweep) can be what answers it within the few seconds allowed.
 */
class EventDrivenRescueIT {
    private static final String CLUSTER = "rescue-events";
    /** Waits for a file in the pane's directory, then asks; "answered" shows the Enter arrived. */
    private static final String PROMPT = "while [ ! -f go ]; do sleep 0.05; done; "
            + "printf 'Installing...\\nPress ENTER to continue '; read -r _; printf 'answered\\n'; sleep 600";

    @TempDir
    Path dir;
    private final TmuxServer server = new TmuxServer();
    private TmuxSwarmManager tmux;

    @AfterEach
    void tearDown() {
        if (tmux != null) tmux.close();
        server.close();
    }

    @Test
    void aPromptIsAnsweredAsSoonAsThePanePrintsItWhileTheMastersWindowIsNeverRescued() throws Exception {
        tmux = TmuxSwarmManager.create(new SessionSpec(server.socket(), SwarmSession.name(CLUSTER),
                WorkerIds.first(2), "windows", dir, Map.of(), List.of("sh", "-c", PROMPT), List.of("sh", "-c", PROMPT)));
        SwarmConfig config = SwarmConfig.from(CLUSTER, Map.of("AI_SWARM_DIR", dir.resolve("swarm").toString(),
                "AI_SWARM_TMUX_SOCKET", server.socket(), "AI_SWARM_POLL_INTERVAL", "30"));
        FileSwarmStore state = FileSwarmStore.open(config, Clock.systemUTC());
        AtomicInteger rounds = new AtomicInteger();
        SwarmMaster master = SwarmMaster.builder(config, Clock.systemUTC())
                .store(state)
                .panes(new TmuxWorkerPanes(tmux))
                .listener(new MasterListener() {
                    @Override
                    public void round(RoundSummary summary) {
                        rounds.incrementAndGet();
                    }
                })
                .build();
        try (RunningMaster running = RunningMaster.start(master)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> rounds.get() >= 1);
            Files.writeString(dir.resolve("go"), ""); // every pane, the master's window too, now asks
            await().atMost(Duration.ofSeconds(8)).until(() -> tmux.capture("worker-0", 20).contains("answered")
                    && tmux.capture("worker-1", 20).contains("answered"));
            assertThat(rounds).as("answered between rounds, not by a round").hasValue(1);
            String masterWindow = "=" + SwarmSession.name(CLUSTER) + ":master";
            assertThat(server.run("capture-pane", "-p", "-t", masterWindow)).contains("Press ENTER to continue");
            // the workers' prompts were answered at once; the master's own prompt never is
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                    !server.run("capture-pane", "-p", "-t", masterWindow).contains("answered"));
            assertThat(Files.readAllLines(config.paths().decisionsLog()))
                    .hasSize(2).allMatch(line -> line.contains("SEND_ENTER"));
        }
    }
}
