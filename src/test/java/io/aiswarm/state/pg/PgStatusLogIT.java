package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.testing.MutableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgStatusLogIT extends StoreOnSharedServer {
    MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    PgStatusLog hostA;
    PgStatusLog hostB;

    @BeforeEach
    void setUp() {
        hostA = new PgStatusLog(store.session("host-a", clock));
        hostB = new PgStatusLog(store.session("host-b", clock));
    }

    private StatusEvent event(String worker, String task, BroadcastState state, String message) {
        clock.advance(Duration.ofMillis(10));
        return new StatusEvent(clock.instant(), worker, task, state, message, null);
    }

    @Test
    void aFollowerSeesOnlyItsOwnMachinesEvents() {
        StatusFollower follower = hostA.follow();
        assertThat(follower.poll()).isEmpty();
        StatusEvent start = event("worker-0", "t1", BroadcastState.START, "go");
        hostA.append(start);
        hostB.append(event("worker-0", "t9", BroadcastState.START, "another machine's worker-0"));
        StatusEvent done = new StatusEvent(clock.instant(), "worker-0", "t1", BroadcastState.DONE, "ok",
                Map.of("exit_code", 0, "files", List.of("a", "b")));
        hostA.append(done);
        assertThat(follower.poll()).containsExactly(start, done);
        assertThat(follower.poll()).isEmpty();
        assertThat(follower.lastByWorker()).containsExactlyEntriesOf(Map.of("worker-0", done));
        assertThat(hostB.follow().poll()).extracting(StatusEvent::taskId).containsExactly("t9");
        assertThat(hostA.lastEvents(List.of("worker-0", "worker-7"))).containsExactlyEntriesOf(Map.of("worker-0", done));
    }

    @Test
    void aFollowerPagesThroughALongHistoryAndTheClusterFollowerSeesEveryMachine() {
        List<StatusEvent> many = new java.util.ArrayList<>();
        for (int i = 0; i < PgStatusFollower.PAGE + 7; i++) {
            many.add(new StatusEvent(clock.instant(), "worker-" + (i % 3), "t" + i, BroadcastState.ASSIGNED, "", null));
        }
        hostA.appendAll(many);
        hostB.append(event("worker-0", "tb", BroadcastState.HELP, "needs a person"));
        assertThat(hostA.follow().poll()).hasSize(PgStatusFollower.PAGE + 7);
        PgStatusFollower all = PgStatusFollower.all(store.session("status", clock), 0);
        List<PgEvent> events = all.pollEvents();
        assertThat(events).hasSize(PgStatusFollower.PAGE + 8);
        assertThat(events.get(events.size() - 1).host()).isEqualTo("host-b");
        assertThat(events).extracting(PgEvent::id).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aFollowerResumesFromItsPositionOnANewConnectionMissingAndRepeatingNothing() {
        hostA.append(event("worker-0", "t1", BroadcastState.START, ""));
        PgStatusFollower first = PgStatusFollower.of(store.session("host-a", clock), "host-a", 0);
        assertThat(first.poll()).hasSize(1);
        hostA.append(event("worker-0", "t1", BroadcastState.DONE, ""));
        hostA.append(event("worker-1", "t2", BroadcastState.START, ""));
        PgStatusFollower resumed = PgStatusFollower.of(store.session("host-a", clock), "host-a", first.position());
        assertThat(resumed.poll()).extracting(StatusEvent::state)
                .containsExactly(BroadcastState.DONE, BroadcastState.START);
    }

    @Test
    void aRowWithAStateThisVersionDoesNotKnowIsSkippedAndCounted() throws Exception {
        hostA.append(event("worker-0", "t1", BroadcastState.START, ""));
        try (Connection c = pg.connect(store.database); Statement s = c.createStatement()) {
            s.execute("INSERT INTO ai_swarm.events (ts, host, worker_id, state) VALUES (now(), 'host-a', 'worker-0',"
                    + " 'PAUSED')");
        }
        hostA.append(event("worker-0", "t1", BroadcastState.DONE, ""));
        StatusFollower f = hostA.follow();
        assertThat(f.poll()).extracting(StatusEvent::state).containsExactly(BroadcastState.START, BroadcastState.DONE);
        assertThat(f.malformedLines()).isEqualTo(1);
    }
}
