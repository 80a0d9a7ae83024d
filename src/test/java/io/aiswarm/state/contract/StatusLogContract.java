package io.aiswarm.state.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLog;
import io.aiswarm.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StatusLog} does. {@link #log()} is empty at the start of each test; {@link #writer()} appends to
 * the same log as another process (or, in a store with machines, another process of the same machine) would.
 */
public interface StatusLogContract {
    StatusLog log();

    StatusLog writer();

    MutableClock clock();

    static MutableClock startClock() {
        return MutableClock.at("2026-01-31T12:00:00Z");
    }

    private StatusEvent event(String worker, String task, BroadcastState state, String message) {
        clock().advance(Duration.ofMillis(10));
        return new StatusEvent(clock().instant(), worker, task, state, message, null);
    }

    @Test
    default void theFollowerReturnsOnlyNewEventsInOrderAndTheLastStatePerWorker() {
        StatusFollower f = log().follow();
        assertThat(f.poll()).isEmpty();
        StatusEvent up0 = event("worker-0", "", BroadcastState.START, "up");
        StatusEvent up1 = event("worker-1", "", BroadcastState.START, "up");
        log().append(up0);
        writer().append(up1);
        assertThat(f.poll()).containsExactly(up0, up1);
        assertThat(f.poll()).isEmpty();
        StatusEvent done = event("worker-0", "t1", BroadcastState.DONE, "ok");
        writer().append(done);
        assertThat(f.poll()).containsExactly(done);
        assertThat(f.lastByWorker()).containsExactlyInAnyOrderEntriesOf(Map.of("worker-0", done, "worker-1", up1));
        assertThat(f.malformedLines()).isZero();
        f.close();
        assertThat(log().follow().poll()).as("a new follower starts at the beginning").containsExactly(up0, up1, done);
    }

    @Test
    default void everyFieldSurvivesTheRoundTrip() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("exit_code", 0);
        meta.put("files", List.of("a", "b"));
        meta.put("nested", Map.of("ok", true));
        StatusEvent full = new StatusEvent(clock().instant(), "worker-3", "task-000001", BroadcastState.HELP,
                "waiting for input:\n  [y/N] \"quoted\" é", meta);
        StatusEvent bare = new StatusEvent(clock().instant().plusMillis(1), "worker-3", "", BroadcastState.WAIT, "",
                null);
        log().append(full);
        log().append(bare);
        List<StatusEvent> read = log().follow().poll();
        assertThat(read).containsExactly(full, bare);
        assertThat(read.get(1).hasTask()).isFalse();
        assertThat(read.get(1).meta()).isEmpty();
    }

    @Test
    default void lastEventsNamesOnlyTheWorkersAskedForThatLogged() {
        log().append(event("worker-0", "t1", BroadcastState.START, ""));
        StatusEvent last0 = event("worker-0", "t1", BroadcastState.DONE, "");
        log().append(last0);
        StatusEvent last1 = event("worker-1", "t2", BroadcastState.WAIT, "");
        writer().append(last1);
        log().append(event("worker-2", "t3", BroadcastState.START, ""));
        assertThat(log().lastEvents(List.of("worker-0", "worker-1", "worker-9")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("worker-0", last0, "worker-1", last1));
    }

    @Test
    default void concurrentAppendsAreEachReadOnceWhole() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                StatusLog mine = t % 2 == 0 ? log() : writer();
                String worker = "worker-" + t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        mine.append(new StatusEvent(clock().instant(), worker, "t" + i, BroadcastState.START,
                                "x".repeat(200 + i), null));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        List<StatusEvent> all = log().follow().poll();
        assertThat(all).hasSize(100);
        for (int t = 0; t < 4; t++) {
            String worker = "worker-" + t;
            assertThat(all).filteredOn(e -> e.workerId().equals(worker)).extracting(StatusEvent::taskId)
                    .as("each writer's events in its order").containsExactly(
                            java.util.stream.IntStream.range(0, 25).mapToObj(i -> "t" + i).toArray(String[]::new));
        }
    }
}
