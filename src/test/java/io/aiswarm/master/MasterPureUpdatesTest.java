package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.memory.InMemorySwarmStore;
import io.aiswarm.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The master's rounds on a store that applies every update function twice, as a store retrying a transaction does:
 * dispatch, completions, recovery and roll-back each take effect once (one attempt, one report, one SKIP line).
 * No disk: the in-memory store.
 */
class MasterPureUpdatesTest {
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    final SwarmStore store = InMemorySwarmStore.applyingUpdatesTwice(clock, 30);
    final StatusBroadcaster workers = new StatusBroadcaster(store.statusLog(), clock);
    final RecordingSender sender = new RecordingSender();
    final List<TaskInfo> finished = new CopyOnWriteArrayList<>();
    final List<TaskInfo> requeued = new CopyOnWriteArrayList<>();

    private SwarmMaster master() {
        SwarmConfig config = SwarmConfig.from("test", Map.of("AI_SWARM_DIR", "/nonexistent/never-written",
                "AI_SWARM_LOCK_TTL", "30", "AI_SWARM_MAX_ATTEMPTS", "2"));
        return SwarmMaster.builder(config, clock).store(store)
                .workers(List.of("worker-0", "worker-1")).sender(sender).listener(new MasterListener() {
                    @Override
                    public void finished(TaskInfo task) {
                        finished.add(task);
                    }

                    @Override
                    public void requeued(TaskInfo task) {
                        requeued.add(task);
                    }
                }).build();
    }

    private List<BroadcastState> states() {
        return store.statusLog().follow().poll().stream().map(StatusEvent::state).toList();
    }

    @Test
    void aDispatchCountsOneAttemptAndAFinishIsReportedOnce() {
        TaskInfo a = store.queue().add(NewTask.command("true"));
        store.queue().add(NewTask.command("true"));
        SwarmMaster master = master();
        assertThat(master.runOnce().dispatched()).hasSize(2);
        assertThat(store.queue().list()).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.ASSIGNED);
            assertThat(t.attempts()).isEqualTo(1);
        });
        assertThat(sender.sent).extracting(RecordingSender.Sent::attempt).containsExactly(1, 1);
        String worker = store.queue().get(a.taskId()).orElseThrow().workerId();
        workers.broadcast(worker, a.taskId(), BroadcastState.DONE, "exit 0", Map.of("exit_code", 0, "attempt", 1));
        RoundSummary round = master.runOnce();
        assertThat(round.finished()).extracting(TaskInfo::taskId).containsExactly(a.taskId());
        assertThat(finished).hasSize(1);
        assertThat(store.locks().read(a.taskId())).isEmpty();
    }

    @Test
    void aRequeueHappensOnceWithOneSkipLineAndGivingUpCountsRight() {
        TaskInfo task = store.queue().add(NewTask.command("sleep 1000"));
        SwarmMaster master = master();
        master.runOnce();
        clock.advance(Duration.ofSeconds(31)); // the lock expired: the worker is presumed lost
        RoundSummary round = master.runOnce();
        assertThat(round.requeued()).singleElement().satisfies(t -> assertThat(t.attempts()).isEqualTo(1));
        assertThat(requeued).hasSize(1);
        assertThat(states()).containsExactly(BroadcastState.ASSIGNED, BroadcastState.SKIP, BroadcastState.ASSIGNED);
        clock.advance(Duration.ofSeconds(31));
        master.runOnce();
        TaskInfo failed = store.queue().get(task.taskId()).orElseThrow();
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(2);
        assertThat(requeued).hasSize(2);
    }

    @Test
    void aFailedDeliveryIsUndoneOnce() {
        store.queue().add(NewTask.command("true"));
        sender.failWith = new IllegalStateException("pane is gone");
        RoundSummary round = master().runOnce();
        assertThat(round.dispatched()).isEmpty();
        TaskInfo task = store.queue().list().get(0);
        assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(store.locks().list()).isEmpty();
        assertThat(states()).containsExactly(BroadcastState.ASSIGNED, BroadcastState.SKIP);
    }
}
