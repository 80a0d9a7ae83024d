package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.TaskClaims;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.memory.InMemorySwarmStore;
import io.aiswarm.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on a store that claims tasks itself (as the shared store does in one transaction): it asks only for
 * its idle workers, delivers what the store assigned, announces it, and rolls back a delivery that failed. The store
 * here claims with one atomic update of the in-memory queue, which applies every update twice (updates must be pure).
 */
class StoreClaimsDispatchTest {
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    final InMemorySwarmStore store = InMemorySwarmStore.applyingUpdatesTwice(clock, 300);
    final RecordingSender sender = new RecordingSender();
    final List<List<String>> asked = new ArrayList<>();

    /** Claims in one write: each idle worker in order gets the first pending task it can run. */
    final TaskClaims claims = (idle, canRun) -> {
        asked.add(List.copyOf(idle));
        Map<String, String> workerOf = plan(store.queue().pending(100), idle, canRun);
        Instant now = clock.instant();
        List<TaskInfo> assigned = new ArrayList<>();
        store.queue().updateAll(t -> workerOf.containsKey(t.taskId()) && t.isPending()
                ? t.assignedTo(workerOf.get(t.taskId()), now) : t).forEach(c -> assigned.add(c.after()));
        return assigned;
    };

    private static Map<String, String> plan(List<TaskInfo> pending, List<String> idle,
                                            BiPredicate<TaskInfo, String> canRun) {
        Map<String, String> workerOf = new HashMap<>();
        List<TaskInfo> left = new ArrayList<>(pending);
        for (String worker : idle) {
            left.stream().filter(t -> canRun.test(t, worker)).findFirst().ifPresent(t -> {
                workerOf.put(t.taskId(), worker);
                left.remove(t);
            });
        }
        return workerOf;
    }

    private MasterDispatcher dispatcher() {
        return new MasterDispatcher(store.queue(), store.locks(), new StatusBroadcaster(store.statusLog(), clock),
                sender, clock, message -> { }).claimingThrough(claims);
    }

    private Map<String, WorkerStatus> workers(WorkerStatus... statuses) {
        Map<String, WorkerStatus> map = new LinkedHashMap<>();
        for (WorkerStatus s : statuses) map.put(s.workerId(), s);
        return map;
    }

    @Test
    void onlyIdleWorkersAreClaimedForAndWhatTheStoreAssignedIsDeliveredAndAnnounced() {
        store.queue().addAll(List.of(new NewTask("a", "echo a", null, null), new NewTask("b", "echo b", null, 1),
                new NewTask("c", "echo c", null, null)));
        List<DispatchResult> results = dispatcher().dispatchAll(workers(
                WorkerStatus.of("worker-0", BroadcastState.DONE, "", clock.instant(), false),
                WorkerStatus.of("worker-1", BroadcastState.WAIT, "x", clock.instant(), false),
                WorkerStatus.of("worker-2", BroadcastState.DONE, "", clock.instant(), false)));
        assertThat(asked).containsExactly(List.of("worker-0", "worker-2"));
        assertThat(results).allMatch(DispatchResult::success).extracting(DispatchResult::taskId)
                .containsExactly("b", "a");
        assertThat(sender.sent).containsExactly(new RecordingSender.Sent("b", "worker-0", 1),
                new RecordingSender.Sent("a", "worker-2", 1));
        try (StatusFollower log = store.statusLog().follow()) {
            assertThat(log.poll()).filteredOn(e -> e.state() == BroadcastState.ASSIGNED)
                    .extracting(StatusEvent::taskId).containsExactly("b", "a");
        }
        assertThat(store.queue().get("c").orElseThrow().isPending()).isTrue();
    }

    @Test
    void aDeliveryThatFailedGoesBackToTheQueueWithItsAttemptCounted() {
        store.queue().add(new NewTask("a", "echo a", null, null));
        sender.failingWorkers.add("worker-0");
        List<DispatchResult> results = dispatcher().dispatchAll(workers(
                WorkerStatus.of("worker-0", BroadcastState.DONE, "", clock.instant(), false)));
        assertThat(results).singleElement().matches(r -> !r.success());
        TaskInfo a = store.queue().get("a").orElseThrow();
        assertThat(a.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(a.attempts()).isEqualTo(1);
    }

    @Test
    void nothingIsClaimedOnceTheLeaseIsLost() {
        store.queue().add(new NewTask("a", "echo a", null, null));
        MasterDispatcher dispatcher = dispatcher();
        dispatcher.coordinate(null, () -> false);
        assertThat(dispatcher.dispatchAll(workers(
                WorkerStatus.of("worker-0", BroadcastState.DONE, "", clock.instant(), false)))).isEmpty();
        assertThat(asked).isEmpty();
        assertThat(store.queue().get("a").orElseThrow().isPending()).isTrue();
    }
}
