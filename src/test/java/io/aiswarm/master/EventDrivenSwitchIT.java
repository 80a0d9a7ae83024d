package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's polling baseline: with eventDriven(false) a change of tasks.json does not wake the master, only
 * the poll interval does; by default it wakes at once. Poll interval 30 s, so a dispatch within seconds can only
 * come from a wake-up.
 */
@Timeout(120)
class EventDrivenSwitchIT {
    @TempDir
    Path dir;
    final ExecutorService pool = Executors.newSingleThreadExecutor();
    SwarmMaster master;

    @AfterEach
    void tearDown() throws Exception {
        if (master != null) master.stop();
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    private RecordingSender runMaster(boolean eventDriven) throws InterruptedException {
        SwarmConfig config = SwarmConfig.from("test", Map.of("AI_SWARM_DIR", dir.toString(),
                "AI_SWARM_POLL_INTERVAL", "30"));
        FileSwarmStore state = FileSwarmStore.open(config, Clock.systemUTC());
        RecordingSender sender = new RecordingSender();
        CountDownLatch firstRound = new CountDownLatch(1);
        master = SwarmMaster.builder(config, Clock.systemUTC()).store(state)
                .workers(List.of("worker-0")).sender(sender).eventDriven(eventDriven).listener(new MasterListener() {
                    @Override
                    public void round(RoundSummary summary) {
                        firstRound.countDown();
                    }
                }).build();
        Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, false, false));
        // the first round has dispatched (nothing: the queue is empty); what follows comes from a wake-up or the tick
        assertThat(firstRound.await(60, TimeUnit.SECONDS)).as("first round ran").isTrue();
        state.queue().add(NewTask.command("true"));
        assertThat(run.isDone()).isFalse();
        return sender;
    }

    @Test
    void byDefaultANewTaskWakesTheMaster() throws Exception {
        RecordingSender sender = runMaster(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> sender.sent.size() == 1);
    }

    @Test
    void withoutEventsTheMasterWaitsForItsPollInterval() throws Exception {
        RecordingSender sender = runMaster(false);
        // a woken master dispatches within a second (the test above); this one stays asleep until its 30 s tick
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(sender.sent::isEmpty);
    }
}
