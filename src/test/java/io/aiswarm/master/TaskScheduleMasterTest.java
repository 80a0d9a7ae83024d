package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskChanges;
import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskSchedule;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Time limits, retries and not-before through the master's rounds, on an injected clock (no tmux). */
@Timeout(60)
class TaskScheduleMasterTest {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    final RecordingSender sender = new RecordingSender();
    final List<String> messages = new CopyOnWriteArrayList<>();
    FileSwarmStore state;
    SwarmMaster master;

    private void start(String... workers) {
        SwarmConfig config = SwarmConfig.from("test", Map.of("AI_SWARM_DIR", dir.toString(),
                "AI_SWARM_POLL_INTERVAL", "0.05", "AI_SWARM_LOCK_TTL", "3600"));
        state = FileSwarmStore.open(config, clock);
        master = SwarmMaster.builder(config, clock).store(state).workers(List.of(workers)).sender(sender)
                .listener(new MasterListener() {
                    @Override
                    public void message(String text) {
                        messages.add(text);
                    }
                }).build();
    }

    private TaskInfo task(String id) {
        return state.queue().get(id).orElseThrow();
    }

    private void fail(String id, int attempt, Map<String, Object> meta) {
        fail(id, attempt, meta, "exit 1");
    }

    private void fail(String id, int attempt, Map<String, Object> meta, String message) {
        Map<String, Object> m = new java.util.HashMap<>(meta);
        m.put("attempt", attempt);
        m.putIfAbsent("exit_code", 1);
        state.broadcaster().broadcast(task(id).workerId(), id, BroadcastState.ERROR, message, m);
    }

    @Test
    void aTaskPastItsTimeLimitFailsWithTheReasonAndItsWorkerTakesTheNext() {
        start("worker-0");
        state.queue().add(new NewTask("slow", "sleep 1000", null, null, Map.of(TaskSchedule.TIMEOUT, "30s")));
        state.queue().add(new NewTask("next", "true", null, 5));
        master.runOnce();
        state.broadcaster().broadcastStart("worker-0", "slow", "running");
        clock.advance(Duration.ofSeconds(29));
        master.runOnce();
        assertThat(task("slow").status()).isEqualTo(TaskStatus.RUNNING);
        clock.advance(Duration.ofSeconds(2));
        RoundSummary round = master.runOnce();
        TaskInfo slow = task("slow");
        assertThat(slow.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(slow.error()).isEqualTo("timed out after 30s");
        assertThat(round.finished()).extracting(TaskInfo::taskId).contains("slow");
        assertThat(state.locks().list()).extracting(l -> l.taskId()).doesNotContain("slow");
        assertThat(round.dispatched()).extracting(DispatchResult::taskId).containsExactly("next"); // free at once
        assertThat(messages).anyMatch(m -> m.contains("slow on worker-0 timed out after 30s"));
    }

    @Test
    void aFailedTaskIsRetriedAfterAGrowingDelayThenFailsWithEveryReasonKept() {
        start("worker-0");
        state.queue().add(new NewTask("flaky", "make", null, null, Map.of(TaskSchedule.RETRIES, 2,
                TaskSchedule.BACKOFF, "10s")));
        master.runOnce();
        fail("flaky", 1, Map.of());
        master.runOnce();
        assertThat(task("flaky").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(sender.sent).hasSize(1); // not before its delay
        clock.advance(Duration.ofSeconds(9));
        master.runOnce();
        assertThat(sender.sent).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        master.runOnce();
        assertThat(sender.sent).extracting(RecordingSender.Sent::attempt).containsExactly(1, 2);
        fail("flaky", 2, Map.of());
        master.runOnce();
        clock.advance(Duration.ofSeconds(19));
        master.runOnce();
        assertThat(sender.sent).hasSize(2); // the second delay is 20s
        clock.advance(Duration.ofSeconds(1));
        master.runOnce();
        assertThat(sender.sent).hasSize(3);
        fail("flaky", 3, Map.of());
        master.runOnce();
        TaskInfo failed = task("flaky");
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error()).contains("no retries left after 3 failures");
        assertThat(TaskSchedule.failures(failed)).hasSize(3);
        clock.advance(Duration.ofHours(1));
        master.runOnce();
        assertThat(sender.sent).hasSize(3);
    }

    @Test
    void aTimeoutCountsAsAFailureToRetry() {
        start("worker-0");
        state.queue().add(new NewTask("hang", "sleep 1000", null, null, Map.of(TaskSchedule.TIMEOUT, "1m",
                TaskSchedule.RETRIES, 1)));
        master.runOnce();
        clock.advance(Duration.ofMinutes(2));
        master.runOnce();
        TaskInfo retried = task("hang");
        assertThat(retried.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(TaskSchedule.failures(retried)).singleElement()
                .satisfies(f -> assertThat(f.get("reason")).isEqualTo("timed out after 1m"));
        clock.advance(TaskSchedule.DEFAULT_BACKOFF);
        master.runOnce();
        assertThat(sender.sent).extracting(RecordingSender.Sent::attempt).containsExactly(1, 2);
    }

    @Test
    void aDeclinedPermissionIsNeverRetriedByItself() {
        start("worker-0");
        state.queue().add(new NewTask("ask", null, "delete the cache", null, Map.of(TaskSchedule.RETRIES, 3)));
        master.runOnce();
        fail("ask", 1, Map.of("declined", "Allow rm -rf cache?"), TaskInfo.DECLINED + "Allow rm -rf cache?");
        master.runOnce();
        assertThat(task("ask").status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task("ask").declined()).isTrue();
        clock.advance(Duration.ofHours(1));
        master.runOnce();
        assertThat(sender.sent).hasSize(1);
    }

    @Test
    void aTaskIsNotDispatchedBeforeItsTime() {
        start("worker-0");
        Instant at = clock.instant().plus(Duration.ofMinutes(5));
        state.queue().add(new NewTask("later", "make", null, 1, Map.of(TaskSchedule.NOT_BEFORE, at.toString())));
        state.queue().add(new NewTask("now", "make", null, 5));
        master.runOnce();
        assertThat(sender.sent).extracting(RecordingSender.Sent::taskId).containsExactly("now");
        state.broadcaster().broadcast("worker-0", "now", BroadcastState.DONE, "exit 0",
                Map.of("exit_code", 0, "attempt", 1));
        clock.advance(Duration.ofMinutes(5));
        master.runOnce();
        assertThat(sender.sent).extracting(RecordingSender.Sent::taskId).containsExactly("now", "later");
    }

    @Test
    void aTaskRunsOnlyAfterItsDependenciesAreDoneAndIsBlockedWhenOneFails() {
        start("worker-0", "worker-1");
        state.queue().add(new NewTask("a", "make a", null, 5));
        state.queue().add(new NewTask("b", "make b", null, 1, Map.of(TaskDependencies.AFTER, List.of("a"))));
        state.queue().add(new NewTask("c", "make c", null, 1, Map.of(TaskDependencies.AFTER, List.of("b"))));
        RoundSummary first = master.runOnce();
        assertThat(sender.sent).extracting(RecordingSender.Sent::taskId).containsExactly("a"); // b, c wait
        state.broadcaster().broadcast(task("a").workerId(), "a", BroadcastState.DONE, "exit 0",
                Map.of("exit_code", 0, "attempt", 1));
        master.runOnce();
        assertThat(sender.sent).extracting(RecordingSender.Sent::taskId).containsExactly("a", "b");
        fail("b", 1, Map.of());
        RoundSummary blocked = master.runOnce();
        assertThat(task("c").status()).isEqualTo(TaskStatus.PENDING);
        assertThat(TaskDependencies.blockedBy(task("c"), state.queue()::get)).contains("dependency 'b' failed");
        assertThat(blocked.blocked()).isEqualTo(1);
        assertThat(blocked.drained()).as("only a blocked task is left").isTrue();
        assertThat(sender.sent).hasSize(2);
        // b retried by hand and done: c runs
        TaskChanges.retry(state.queue(), "b", clock.instant());
        master.runOnce();
        state.broadcaster().broadcast(task("b").workerId(), "b", BroadcastState.DONE, "exit 0",
                Map.of("exit_code", 0, "attempt", 1));
        master.runOnce();
        assertThat(sender.sent).extracting(RecordingSender.Sent::taskId).containsExactly("a", "b", "b", "c");
        assertThat(first.drained()).isFalse();
    }
}
