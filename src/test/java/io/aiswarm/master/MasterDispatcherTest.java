package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The design's dispatcher tests, on real files with an injected clock. */
class MasterDispatcherTest {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    FileSwarmStore state;
    RecordingSender sender;
    MasterDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        state = open();
        sender = new RecordingSender();
        dispatcher = dispatcher(state);
    }

    private MasterDispatcher dispatcher(FileSwarmStore on) {
        return new MasterDispatcher(on.queue(), on.locks(), on.broadcaster(), sender, clock, message -> { });
    }

    private FileSwarmStore open() {
        return FileSwarmStore.open(SwarmConfig.from("test", Map.of("AI_SWARM_DIR", dir.toString())), clock);
    }

    private void addTasks(String... ids) {
        List<NewTask> tasks = new ArrayList<>();
        for (String id : ids) tasks.add(new NewTask(id, "echo " + id, null, null));
        state.queue().addAll(tasks);
    }

    private WorkerStatus idle(String worker) {
        return WorkerStatus.of(worker, BroadcastState.DONE, "", clock.instant(), false);
    }

    private Map<String, WorkerStatus> workers(WorkerStatus... statuses) {
        Map<String, WorkerStatus> map = new LinkedHashMap<>();
        for (WorkerStatus s : statuses) map.put(s.workerId(), s);
        return map;
    }

    @Test
    void loadsTasksFromJson() throws Exception {
        Files.writeString(state.paths().tasksFile(), """
                {"tasks": [
                  {"task_id": "task-001", "command": "python run.py", "priority": 1, "status": "pending"},
                  {"task_id": "task-002", "command": "python test.py", "priority": 2, "status": "pending"}
                ]}
                """);
        List<TaskInfo> tasks = state.queue().list();
        assertThat(tasks).extracting(TaskInfo::taskId).containsExactly("task-001", "task-002");
        assertThat(tasks.get(0).command()).isEqualTo("python run.py");
        assertThat(tasks.get(0).priority()).isEqualTo(1);
        assertThat(tasks).allMatch(TaskInfo::isPending);
    }

    @ParameterizedTest
    @EnumSource(value = BroadcastState.class, names = {"DONE", "ERROR", "SKIP"})
    void idleAfterAnEndStateWithoutLock(BroadcastState end) {
        assertThat(MasterDispatcher.isWorkerIdle(WorkerStatus.of("worker-0", end, "t1", clock.instant(), false)))
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = BroadcastState.class, names = {"WAIT", "HELP", "ASSIGNED"})
    void busyWhileWaitingOrAssigned(BroadcastState state) {
        assertThat(MasterDispatcher.isWorkerIdle(WorkerStatus.of("worker-0", state, "t1", clock.instant(), false)))
                .isFalse();
    }

    @Test
    void busyWhenStartedWithATaskIdleWhenStartedWithout() {
        assertThat(MasterDispatcher.isWorkerIdle(
                WorkerStatus.of("worker-0", BroadcastState.START, "t1", clock.instant(), false))).isFalse();
        assertThat(MasterDispatcher.isWorkerIdle(
                WorkerStatus.of("worker-0", BroadcastState.START, "", clock.instant(), false))).isTrue();
    }

    @Test
    void notIdleWhenHoldingALock() {
        assertThat(MasterDispatcher.isWorkerIdle(
                WorkerStatus.of("worker-0", BroadcastState.DONE, "t1", clock.instant(), true))).isFalse();
    }

    @Test
    void aDeadWorkerIsNeverIdleAndAFreshPaneIs() {
        Instant now = clock.instant();
        WorkerStatus dead = new WorkerStatus("worker-0", BroadcastState.DONE, "t1", now, "", false, now,
                PaneState.GONE, 0, 0, null);
        WorkerStatus fresh = new WorkerStatus("worker-1", null, "", null, "", false, now, PaneState.FINISHED, 0, 0,
                null);
        WorkerStatus neverSeen = new WorkerStatus("worker-2", null, "", null, "", false, null, PaneState.UNKNOWN, 0,
                0, null);
        assertThat(MasterDispatcher.isWorkerIdle(dead)).isFalse();
        assertThat(MasterDispatcher.isWorkerIdle(fresh)).isTrue();
        assertThat(MasterDispatcher.isWorkerIdle(neverSeen)).isFalse();
    }

    @Test
    void dispatchAcquiresTheLock() {
        addTasks("task-001");
        DispatchResult result = dispatcher.dispatchAll(workers(idle("worker-0"))).get(0);
        assertThat(result.success()).isTrue();
        assertThat(state.locks().read("task-001")).hasValueSatisfying(l -> assertThat(l.workerId())
                .isEqualTo("worker-0"));
        assertThat(state.queue().get("task-001").orElseThrow().status()).isEqualTo(TaskStatus.ASSIGNED);
        assertThat(sender.sent).containsExactly(new RecordingSender.Sent("task-001", "worker-0", 1));
    }

    @Test
    void skipsALockedTask() {
        addTasks("task-001", "task-002");
        state.locks().acquire("task-001", "someone-else");
        List<DispatchResult> results = dispatcher.dispatchAll(workers(idle("worker-0")));
        assertThat(results).extracting(DispatchResult::taskId).containsExactly("task-002");
        assertThat(state.queue().get("task-001").orElseThrow().isPending()).isTrue();
    }

    @Test
    void dispatchesToTheIdleWorkerInQueueOrder() {
        state.queue().addAll(List.of(new NewTask("late", "true", null, 5), new NewTask("urgent", "true", null, 1)));
        WorkerStatus busy = WorkerStatus.of("worker-0", BroadcastState.START, "other", clock.instant(), false);
        List<DispatchResult> results = dispatcher.dispatchAll(workers(busy, idle("worker-1")));
        assertThat(results).containsExactly(DispatchResult.dispatched("urgent", "worker-1", 1));
    }

    @Test
    void resultHasItsFields() {
        addTasks("task-001");
        DispatchResult ok = dispatcher.dispatchAll(workers(idle("worker-0"))).get(0);
        assertThat(ok.success()).isTrue();
        assertThat(ok.taskId()).isEqualTo("task-001");
        assertThat(ok.workerId()).isEqualTo("worker-0");
        assertThat(ok.reason()).isNull();
        assertThat(dispatcher.dispatchAll(workers(idle("worker-1")))).as("no pending task left").isEmpty();
        sender.failWith = new IllegalStateException("pane is gone");
        addTasks("task-002");
        DispatchResult failed = dispatcher.dispatchAll(workers(idle("worker-1"))).get(0);
        assertThat(failed.success()).isFalse();
        assertThat(failed.taskId()).isEqualTo("task-002");
        assertThat(failed.workerId()).isEqualTo("worker-1");
        assertThat(failed.reason()).contains("pane is gone");
    }

    @Test
    void broadcastsAssigned() {
        addTasks("task-001");
        dispatcher.dispatchAll(workers(idle("worker-0")));
        List<StatusEvent> events = state.statusLog().follow().poll();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(BroadcastState.ASSIGNED);
            assertThat(e.workerId()).isEqualTo("worker-0");
            assertThat(e.taskId()).isEqualTo("task-001");
            assertThat(e.meta()).containsEntry("assigned_worker_id", "worker-0");
        });
    }

    @Test
    void rollsBackCompletelyWhenSendingFailsCountingTheAttempt() {
        addTasks("task-001");
        sender.failWith = new IllegalStateException("pane is gone");
        DispatchResult result = dispatcher.dispatchAll(workers(idle("worker-0"))).get(0);
        assertThat(result.success()).isFalse();
        assertThat(result.reason()).contains("pane is gone");
        TaskInfo task = state.queue().get("task-001").orElseThrow();
        assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(task.attempts()).isEqualTo(1); // a roll-back counts: nothing repeats without limit
        assertThat(task.workerId()).isNull();
        assertThat(state.locks().read("task-001")).isEmpty();
        List<StatusEvent> events = state.statusLog().follow().poll();
        assertThat(events).extracting(StatusEvent::state)
                .containsExactly(BroadcastState.ASSIGNED, BroadcastState.SKIP);
        assertThat(events.get(1).message()).contains("pane is gone");
    }

    @Test
    void aTaskWhoseDeliveriesKeepFailingFailsAfterItsAttempts() {
        addTasks("task-001");
        sender.failWith = new IllegalStateException("pane is gone");
        for (int round = 0; round < 5; round++) dispatcher.dispatchAll(workers(idle("worker-0")));
        TaskInfo task = state.queue().get("task-001").orElseThrow();
        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.attempts()).isEqualTo(SwarmConfig.DEFAULT_MAX_ATTEMPTS);
        assertThat(task.error()).contains("gave up after 3 attempts").contains("pane is gone");
        assertThat(state.locks().read("task-001")).isEmpty();
    }

    /** tmux did not answer the respawn: the task may run, so it is never put back as if it had not. */
    @Test
    void aDeliveryThatMayHaveStartedStaysAssigned() {
        addTasks("task-001");
        sender.failWith = new DeliveryUncertainException("tmux did not answer", null);
        DispatchResult result = dispatcher.dispatchAll(workers(idle("worker-0"))).get(0);
        assertThat(result.success()).isTrue();
        assertThat(result.reason()).contains("may have started");
        TaskInfo task = state.queue().get("task-001").orElseThrow();
        assertThat(task.status()).isEqualTo(TaskStatus.ASSIGNED);
        assertThat(task.workerId()).isEqualTo("worker-0");
        assertThat(state.locks().read("task-001")).isPresent();
        assertThat(state.statusLog().follow().poll()).extracting(StatusEvent::state)
                .containsExactly(BroadcastState.ASSIGNED);
    }

    @Test
    void aRoundAssignsInOneWriteAndRollsBackOnlyTheDeliveryThatFailed() throws Exception {
        addTasks("task-001", "task-002", "task-003");
        sender.failingWorkers.add("worker-1");
        Path tasksFile = dir.resolve("tasks.json");
        java.nio.file.attribute.FileTime before = java.nio.file.Files.getLastModifiedTime(tasksFile);
        List<DispatchResult> results = dispatcher.dispatchAll(workers(idle("worker-0"), idle("worker-1"),
                idle("worker-2")));
        assertThat(results).extracting(DispatchResult::success).containsExactly(true, false, true);
        assertThat(results.get(1).reason()).contains("worker-1 is gone");
        assertThat(sender.sent).extracting(RecordingSender.Sent::taskId).containsExactly("task-001", "task-003");
        assertThat(state.queue().get("task-002").orElseThrow().isPending()).isTrue();
        assertThat(state.locks().read("task-002")).isEmpty();
        assertThat(state.queue().get("task-003").orElseThrow().workerId()).isEqualTo("worker-2");
        List<StatusEvent> events = state.statusLog().follow().poll();
        assertThat(events).extracting(StatusEvent::state).containsExactly(BroadcastState.ASSIGNED,
                BroadcastState.ASSIGNED, BroadcastState.ASSIGNED, BroadcastState.SKIP);
        assertThat(java.nio.file.Files.getLastModifiedTime(tasksFile)).isNotEqualTo(before);
    }

    @Test
    void aWorkerGetsOneTaskAtATime() {
        addTasks("task-001", "task-002");
        state.locks().acquire("task-001", "worker-0");
        DispatchResult result = dispatcher.dispatchAll(workers(idle("worker-0"))).get(0);
        assertThat(result.success()).isFalse();
        assertThat(result.reason()).contains("already holds the lock of task task-001");
        assertThat(state.locks().read("task-002")).isEmpty();
        assertThat(state.queue().get("task-002").orElseThrow().isPending()).isTrue();
    }

    @Test
    void aRestartedMasterDoesNotGiveABusyWorkerASecondTask() {
        addTasks("task-001", "task-002");
        dispatcher.dispatchAll(workers(idle("worker-0")));
        // a new master whose log view says worker-0 is idle, with the lock already expired
        clock.advance(java.time.Duration.ofSeconds(state.locks().ttlSeconds() + 1));
        FileSwarmStore again = open();
        MasterDispatcher restarted = dispatcher(again);
        assertThat(restarted.dispatchAll(workers(idle("worker-0")))).isEmpty();
        assertThat(sender.sent).hasSize(1);
    }

    @Test
    void noTaskIsDispatchedTwiceByConcurrentMasters() throws Exception {
        int tasks = 40;
        for (int i = 0; i < tasks; i++) addTasks(String.format("t%03d", i));
        int masters = 4;
        ExecutorService pool = Executors.newFixedThreadPool(masters);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int m = 0; m < masters; m++) {
            FileSwarmStore own = open(); // each master has its own queue, locks and log objects on the same files
            MasterDispatcher d = dispatcher(own);
            futures.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < tasks; round++) {
                    Map<String, WorkerStatus> all = new LinkedHashMap<>();
                    for (int w = 0; w < 8; w++) all.put("worker-" + w, idle("worker-" + w));
                    d.dispatchAll(all);
                    // the workers finish at once: free every worker for the next round
                    for (TaskQueue.Change done : own.queue().updateAll(t -> t.status().isActive()
                            ? t.finished(TaskStatus.DONE, 0, null, null, clock.instant()) : t)) {
                        own.locks().release(done.after().taskId(), done.after().workerId());
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        assertThat(sender.sent).extracting(RecordingSender.Sent::taskId).doesNotHaveDuplicates().hasSize(tasks);
    }
}
