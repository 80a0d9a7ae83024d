package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.memory.InMemorySwarmStore;
import io.aiswarm.testing.MutableClock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A round whose write of the workers' lines fails (a database that went away, a lease that lapsed) does not lose
 * them: the status follower returns each line once, so the next round applies them with its own. Without that, the
 * task's pane would be found ended without a report and its task run again.
 */
class TaskCompletionsRetryTest {
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    final InMemorySwarmStore store = InMemorySwarmStore.open(clock, 300);

    /** The store's queue, whose next updateAll fails while {@code away}. */
    final class Flaky implements TaskQueue {
        boolean away;

        @Override
        public List<TaskInfo> list() {
            return store.queue().list();
        }

        @Override
        public Optional<TaskInfo> get(String taskId) {
            return store.queue().get(taskId);
        }

        @Override
        public List<TaskInfo> addAll(List<NewTask> tasks) {
            return store.queue().addAll(tasks);
        }

        @Override
        public Optional<Change> change(String taskId, UnaryOperator<TaskInfo> change) {
            return store.queue().change(taskId, change);
        }

        @Override
        public List<TaskInfo> removeIf(java.util.function.Predicate<TaskInfo> which) {
            return store.queue().removeIf(which);
        }

        @Override
        public List<Change> updateAll(UnaryOperator<TaskInfo> change) {
            if (away) throw new SwarmStateException("store unavailable");
            return store.queue().updateAll(change);
        }
    }

    @Test
    void linesOfARoundWhoseWriteFailedAreAppliedByTheNext() {
        Flaky queue = new Flaky();
        queue.add(new NewTask("t1", "true", null, null));
        queue.updateAll(t -> t.assignedTo("worker-0", clock.instant()));
        TaskCompletions completions = new TaskCompletions(queue, store.locks(), clock);
        StatusEvent done = new StatusEvent(clock.instant(), "worker-0", "t1", BroadcastState.DONE, "exit 0",
                Map.of("exit_code", 0, "attempt", 1));
        queue.away = true;
        assertThatThrownBy(() -> completions.apply(List.of(done))).isInstanceOf(SwarmStateException.class);
        queue.away = false;
        assertThat(completions.apply(List.of()).finished()).extracting(TaskInfo::taskId).containsExactly("t1");
        assertThat(queue.get("t1").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
        assertThat(completions.apply(List.of()).finished()).as("applied once, then forgotten").isEmpty();
    }
}
