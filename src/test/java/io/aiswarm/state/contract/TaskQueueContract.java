package io.aiswarm.state.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskRouting;
import io.aiswarm.state.TaskSchedule;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link TaskQueue} does, whatever stores it. A store's test class implements this interface (JUnit runs
 * the default methods as its tests) and returns an empty queue from {@link #queue()} for each test, on {@link #clock()}.
 */
public interface TaskQueueContract {
    /** The queue under test, empty at the start of each test, on {@link #clock()}. */
    TaskQueue queue();

    /** The clock the queue was opened with; starts at 2026-01-31T12:00:00.123456Z. */
    MutableClock clock();

    static MutableClock startClock() {
        return MutableClock.at("2026-01-31T12:00:00.123456Z");
    }

    @Test
    default void generatesSequentialIdsAndStoresDefaults() {
        TaskInfo a = queue().add(NewTask.command("echo a"));
        TaskInfo b = queue().add(NewTask.prompt("write tests"));
        assertThat(a.taskId()).isEqualTo("task-000001");
        assertThat(b.taskId()).isEqualTo("task-000002");
        assertThat(a.priority()).isEqualTo(5);
        assertThat(a.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(a.attempts()).isZero();
        assertThat(a.createdAt()).isEqualTo(Instant.parse("2026-01-31T12:00:00.123Z")); // stored to the millisecond
        assertThat(queue().get("task-000002")).contains(b);
        assertThat(queue().get("nope")).isEmpty();
    }

    @Test
    default void ordersByPriorityThenArrival() {
        queue().add(new NewTask("late-low", "x", null, 9));
        queue().add(new NewTask("first-normal", "x", null, null));
        queue().add(new NewTask("urgent", "x", null, 1));
        queue().add(new NewTask("second-normal", "x", null, 5));
        assertThat(queue().list()).extracting(TaskInfo::taskId)
                .containsExactly("urgent", "first-normal", "second-normal", "late-low");
    }

    @Test
    default void generatedIdsSkipIdsAlreadyInUse() {
        queue().add(new NewTask("task-000002", "x", null, null));
        String y = queue().add(NewTask.command("y")).taskId();
        queue().add(new NewTask("task-000005", "x", null, null));
        List<TaskInfo> batch = queue().addAll(List.of(NewTask.command("z"), NewTask.command("w")));
        assertThat(y).isEqualTo("task-000003"); // 1 was drawn for the hand-chosen task-000002
        assertThat(batch).extracting(TaskInfo::taskId).doesNotContain("task-000005");
        assertThat(queue().list()).extracting(TaskInfo::taskId).doesNotHaveDuplicates().hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../x", ".", "..", "a/b", "", "with space", "x\ny", "ééé",
            "a12345678901234567890123456789012345678901234567890123456789012345"})
    default void rejectsUnsafeIds(String id) {
        assertThatThrownBy(() -> queue().add(new NewTask(id, "x", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task id");
        assertThat(queue().list()).isEmpty();
    }

    @Test
    default void rejectsBadPrioritiesAndPayloads() {
        assertThatThrownBy(() -> queue().add(new NewTask(null, "x", null, 10))).hasMessageContaining("priority 10");
        assertThatThrownBy(() -> queue().add(new NewTask(null, "x", "y", null))).hasMessageContaining("not both");
        assertThatThrownBy(() -> queue().add(new NewTask(null, "  ", null, null))).hasMessageContaining("exactly one");
        assertThat(queue().list()).isEmpty();
    }

    @Test
    default void rejectsADuplicateIdAndAddsNothingOfTheBatch() {
        queue().add(new NewTask("a", "x", null, null));
        assertThatThrownBy(() -> queue().addAll(List.of(new NewTask("b", "x", null, null),
                new NewTask("a", "y", null, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> queue().addAll(List.of(new NewTask("c", "x", null, null),
                new NewTask("c", "y", null, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'c'");
        assertThat(queue().list()).extracting(TaskInfo::taskId).containsExactly("a");
    }

    @Test
    default void changeReportsWhatItChangedAndKeepsTheRest() {
        queue().add(new NewTask("a", "x", null, null));
        queue().add(new NewTask("b", "y", null, null));
        TaskInfo pending = queue().get("a").orElseThrow();
        clock().advance(Duration.ofSeconds(5));
        TaskQueue.Change change = queue().change("a", t -> t.assignedTo("worker-0", clock().instant())).orElseThrow();
        assertThat(change.before()).isEqualTo(pending);
        assertThat(change.after().status()).isEqualTo(TaskStatus.ASSIGNED);
        assertThat(change.after().attempts()).isEqualTo(1);
        assertThat(queue().get("a")).contains(change.after());
        assertThat(queue().get("b").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
        assertThat(queue().change("a", t -> t)).as("unchanged").isEmpty();
        assertThat(queue().update("a", t -> t)).isEqualTo(change.after());
    }

    @Test
    default void aChangeThatBreaksARuleOrNamesNoTaskIsRefusedAndChangesNothing() {
        TaskInfo a = queue().add(new NewTask("a", "x", null, null));
        assertThatThrownBy(() -> queue().update("nope", t -> t))
                .isInstanceOf(SwarmStateException.class).hasMessageContaining("no task 'nope'");
        assertThatThrownBy(() -> queue().update("a", t -> t.withPriority(12, clock().instant())))
                .hasMessageContaining("priority 12");
        assertThatThrownBy(() -> queue().update("a", t -> null)).hasMessageContaining("may not remove");
        assertThat(queue().get("a")).contains(a);
    }

    @Test
    default void updateAllReturnsWhatItChangedInQueueOrderAllOrNothing() {
        queue().addAll(List.of(new NewTask(null, "a", null, 5), new NewTask(null, "b", null, 1), NewTask.prompt("c")));
        List<TaskQueue.Change> changed = queue().updateAll(t -> t.command() != null
                ? t.withStatus(TaskStatus.CANCELLED, clock().instant()) : t);
        assertThat(changed).extracting(c -> c.after().command()).containsExactly("b", "a");
        assertThat(changed).extracting(c -> c.before().status()).containsOnly(TaskStatus.PENDING);
        List<TaskInfo> all = queue().list();
        assertThat(all).extracting(TaskInfo::status)
                .containsExactly(TaskStatus.CANCELLED, TaskStatus.CANCELLED, TaskStatus.PENDING);
        assertThat(all.subList(0, 2)).isEqualTo(changed.stream().map(TaskQueue.Change::after).toList());
        assertThatThrownBy(() -> queue().updateAll(t -> t.command() == null ? t.withPriority(12, clock().instant())
                : t.withStatus(TaskStatus.DONE, clock().instant())))
                .hasMessageContaining("priority 12");
        assertThat(queue().list()).isEqualTo(all);
        assertThat(queue().updateAll(t -> t)).isEmpty();
    }

    @Test
    default void pendingUpToALimitAndActiveTasksInQueueOrder() {
        for (int i = 0; i < 6; i++) queue().add(new NewTask("t" + i, "x", null, 9 - i));
        queue().update("t1", t -> t.assignedTo("worker-1", clock().instant()));
        queue().update("t4", t -> t.assignedTo("worker-4", clock().instant()).running(clock().instant()));
        queue().update("t2", t -> t.finished(TaskStatus.DONE, 0, null, null, clock().instant()));
        assertThat(queue().pending(2)).extracting(TaskInfo::taskId).containsExactly("t5", "t3");
        assertThat(queue().pending(100)).extracting(TaskInfo::taskId).containsExactly("t5", "t3", "t0");
        assertThat(queue().active()).extracting(TaskInfo::taskId).containsExactly("t4", "t1");
    }

    /** removeIf takes out what it accepts in one write, but never an assigned or running task. */
    @Test
    default void removeIfNeverRemovesAnActiveTask() {
        queue().addAll(List.of(new NewTask("a", "make", null, null), new NewTask("b", "make", null, null),
                new NewTask("c", "make", null, null)));
        Instant now = clock().instant();
        queue().update("a", t -> t.assignedTo("worker-0", now));
        queue().update("b", t -> t.finished(TaskStatus.DONE, 0, null, null, now));
        assertThat(queue().removeIf(t -> true)).extracting(TaskInfo::taskId).containsExactly("b", "c");
        assertThat(queue().list()).extracting(TaskInfo::taskId).containsExactly("a");
        assertThat(queue().removeIf(t -> false)).isEmpty();
        // the id stays usable, and new arrivals keep counting
        assertThat(queue().add(new NewTask("b", "make", null, null)).seq()).isGreaterThan(3);
    }

    /** --after: unknown ids, a task after itself and cycles are refused when added, and then nothing is added. */
    @Test
    default void dependenciesNameKnownTasksAndMakeNoCycle() {
        queue().add(new NewTask("a", "make", null, null));
        TaskInfo b = queue().add(new NewTask("b", "make", null, null, Map.of(TaskDependencies.AFTER, List.of("a"))));
        assertThat(TaskDependencies.after(b)).containsExactly("a");
        assertThat(TaskDependencies.after(queue().get("b").orElseThrow())).containsExactly("a");
        assertThatThrownBy(() -> queue().add(new NewTask("c", "make", null, null,
                Map.of(TaskDependencies.AFTER, List.of("a", "nope"))))).hasMessageContaining("'nope', which is no task");
        assertThatThrownBy(() -> queue().add(new NewTask("d", "make", null, null,
                Map.of(TaskDependencies.AFTER, List.of("d"))))).hasMessageContaining("cannot run after itself");
        assertThatThrownBy(() -> queue().addAll(List.of(
                new NewTask("x", "make", null, null, Map.of(TaskDependencies.AFTER, List.of("y"))),
                new NewTask("y", "make", null, null, Map.of(TaskDependencies.AFTER, List.of("b", "x"))))))
                .hasMessageContaining("cycle");
        // a batch may run after its own earlier tasks
        queue().addAll(List.of(new NewTask("p", "make", null, null),
                new NewTask("q", "make", null, null, Map.of(TaskDependencies.AFTER, List.of("p", "b")))));
        assertThat(queue().list()).extracting(TaskInfo::taskId).containsExactly("a", "b", "p", "q");
    }

    /** A task's schedule (time limit, retries, failures, not-before) is stored with it and read back as written. */
    @Test
    default void aTaskScheduleAndItsFailuresSurviveTheStore() {
        queue().add(new NewTask("s", "make", null, null, Map.of(TaskSchedule.TIMEOUT, "10m", TaskSchedule.RETRIES, 2,
                TaskSchedule.BACKOFF, "1m")));
        Instant now = clock().instant();
        queue().update("s", t -> t.assignedTo("worker-0", now));
        TaskInfo retried = queue().update("s", t -> TaskSchedule.failed(t, 1, null, "exit 1", true, now));
        TaskInfo read = queue().get("s").orElseThrow();
        assertThat(read).isEqualTo(retried);
        assertThat(read.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(TaskSchedule.timeout(read)).contains(Duration.ofMinutes(10));
        assertThat(TaskSchedule.retries(read)).isEqualTo(2);
        assertThat(TaskSchedule.notBefore(read)).contains(now.plusSeconds(60));
        assertThat(TaskSchedule.failures(read)).singleElement().satisfies(f -> {
            assertThat(f.get("reason")).isEqualTo("exit 1");
            assertThat(((Number) f.get("attempt")).intValue()).isEqualTo(1);
        });
        assertThatThrownBy(() -> queue().add(new NewTask("bad", "make", null, null, Map.of(TaskSchedule.RETRIES, -2))))
                .hasMessageContaining("task 'bad': retries -2");
        assertThat(queue().get("bad")).isEmpty();
    }

    /** Routing (the profile and labels a worker needs) is stored with the task; bad routing adds nothing. */
    @Test
    default void aTaskRoutingSurvivesTheStoreAndBadRoutingIsRefused() {
        queue().add(new NewTask("r", null, "review", null, Map.of(TaskRouting.AGENT, "claude",
                TaskRouting.LABELS, List.of("gpu", "big"))));
        queue().add(new NewTask("e", "make", null, null, Map.of(TaskRouting.AGENT, "exec")));
        TaskInfo read = queue().get("r").orElseThrow();
        assertThat(TaskRouting.agent(read)).isEqualTo("claude");
        assertThat(TaskRouting.labels(read)).containsExactly("gpu", "big");
        assertThat(queue().pending(10)).extracting(TaskRouting::agent).containsExactly("claude", "exec");
        assertThatThrownBy(() -> queue().addAll(List.of(new NewTask("ok", "make", null, null),
                new NewTask("bad", "make", null, null, Map.of(TaskRouting.AGENT, "claude")))))
                .hasMessageContaining("task 'bad': agent 'claude' takes prompts");
        assertThatThrownBy(() -> queue().add(new NewTask("bad2", "make", null, null,
                Map.of(TaskRouting.LABELS, List.of("no space")))))
                .hasMessageContaining("task 'bad2': labels 'no space' is not a label");
        assertThat(queue().get("ok")).isEmpty();
        assertThat(queue().get("bad2")).isEmpty();
    }

    /** `swarm status` shows declined tasks (a person refused the agent's permission) apart from other failures. */
    @Test
    default void countsDeclinedTasksApartFromOtherFailures() {
        queue().addAll(List.of(NewTask.prompt("a"), NewTask.prompt("b"), NewTask.prompt("c")));
        Instant now = clock().instant();
        assertThat(queue().countDeclined()).isZero();
        queue().update("task-000001", t -> t.finished(TaskStatus.FAILED, null, null, TaskInfo.DECLINED + "rm -rf", now));
        queue().update("task-000002", t -> t.finished(TaskStatus.FAILED, 1, null, "exit 1", now));
        queue().update("task-000003", t -> t.finished(TaskStatus.DONE, 0, null, "was " + TaskInfo.DECLINED, now));
        assertThat(queue().countDeclined()).isEqualTo(1);
        assertThat(queue().countByStatus().get(TaskStatus.FAILED)).isEqualTo(2);
    }

    @Test
    default void everyFieldAndUnknownExtraFieldsSurviveTheRoundTrip() {
        queue().add(new NewTask("a", null, "write the docs", 2));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("owner", "ann");
        extra.put("labels", List.of("docs", "urgent"));
        extra.put("nested", Map.of("n", 3, "ok", true));
        Instant now = clock().instant();
        TaskInfo full = new TaskInfo("a", null, "write the docs", 2, TaskStatus.FAILED, 1, 3, "worker-2",
                now, now.plusSeconds(9), now.plusSeconds(1), now.plusSeconds(2), now.plusSeconds(9), 137,
                "results/a.log", "killed", extra);
        assertThat(queue().update("a", t -> full)).isEqualTo(full);
        assertThat(queue().get("a")).contains(full);
        assertThat(queue().list()).containsExactly(full);
    }

    @Test
    default void updateUnfinishedShowsTheFunctionOnlyUnfinishedTasks() {
        queue().addAll(List.of(new NewTask("a", "x", null, null), new NewTask("b", "x", null, null),
                new NewTask("c", "x", null, null)));
        queue().update("b", t -> t.finished(TaskStatus.DONE, 0, null, null, clock().instant()));
        queue().update("c", t -> t.assignedTo("worker-0", clock().instant()));
        java.util.Set<String> shown = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<TaskQueue.Change> changed = queue().updateUnfinished(t -> {
            shown.add(t.taskId());
            return t.withPriority(1, clock().instant());
        });
        assertThat(shown).containsExactlyInAnyOrder("a", "c");
        assertThat(changed).extracting(c -> c.after().taskId()).containsExactly("a", "c");
        assertThat(queue().get("b").orElseThrow().priority()).isEqualTo(5);
    }

    /** A long history: finished tasks stay tasks (found, counted, retried, awaited, removed) however they are kept. */
    @Test
    default void finishedTasksStayFoundCountedRetriedAwaitedAndRemovable() {
        for (int i = 0; i < 12; i++) queue().add(new NewTask("old-" + i, "x", null, null));
        for (int i = 0; i < 12; i++) {
            clock().advance(Duration.ofSeconds(1));
            TaskStatus end = i % 4 == 3 ? TaskStatus.FAILED : TaskStatus.DONE;
            String why = i == 7 ? TaskInfo.DECLINED + "rm -rf" : null;
            queue().update("old-" + i, t -> t.finished(end, end == TaskStatus.DONE ? 0 : 1, null, why,
                    clock().instant()));
        }
        queue().add(new NewTask("next", "x", null, null));
        assertThat(queue().list()).hasSize(13).extracting(TaskInfo::taskId).doesNotHaveDuplicates();
        assertThat(queue().get("old-0").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
        assertThat(queue().countByStatus()).containsEntry(TaskStatus.DONE, 9).containsEntry(TaskStatus.FAILED, 3)
                .containsEntry(TaskStatus.PENDING, 1);
        assertThat(queue().countDeclined()).isEqualTo(1);
        assertThatThrownBy(() -> queue().add(new NewTask("old-1", "x", null, null))).hasMessageContaining("'old-1'");
        TaskInfo after = queue().add(new NewTask("after", "x", null, null, Map.of(TaskDependencies.AFTER,
                List.of("old-0"))));
        assertThat(TaskDependencies.satisfied(after, queue()::get)).isTrue();
        // retried: pending again, then finished again
        queue().update("old-3", t -> t.requeued("retried", clock().instant()));
        assertThat(queue().pending(10)).extracting(TaskInfo::taskId).containsExactly("old-3", "next", "after");
        assertThat(queue().countByStatus()).containsEntry(TaskStatus.FAILED, 2).containsEntry(TaskStatus.PENDING, 3);
        clock().advance(Duration.ofSeconds(1));
        queue().update("old-3", t -> t.assignedTo("w", clock().instant()).finished(TaskStatus.DONE, 0, null, null,
                clock().instant()));
        assertThat(queue().recent(2)).extracting(TaskInfo::taskId).containsExactly("old-3", "old-11", "next",
                "after");
        assertThat(queue().removeIf(t -> t.status() == TaskStatus.FAILED)).extracting(TaskInfo::taskId)
                .containsExactly("old-7", "old-11");
        assertThat(queue().get("old-7")).isEmpty();
        assertThat(queue().countDeclined()).isZero();
        assertThat(queue().list()).hasSize(12).extracting(TaskInfo::taskId).doesNotHaveDuplicates();
        assertThat(queue().countByStatus()).containsEntry(TaskStatus.DONE, 10).containsEntry(TaskStatus.FAILED, 0)
                .containsEntry(TaskStatus.PENDING, 2);
        // a change to every task reaches the finished ones too
        assertThat(queue().updateAll(t -> t.status() == TaskStatus.DONE ? t.withPriority(2, clock().instant()) : t))
                .hasSize(10);
        assertThat(queue().list().subList(0, 10)).extracting(TaskInfo::priority).containsOnly(2);
        assertThat(queue().countByStatus()).containsEntry(TaskStatus.DONE, 10);
    }

    @Test
    default void countsEveryStatus() {
        queue().addAll(List.of(NewTask.command("a"), NewTask.command("b"), NewTask.command("c")));
        queue().update("task-000001", t -> t.withStatus(TaskStatus.DONE, clock().instant()));
        Map<TaskStatus, Integer> counts = queue().countByStatus();
        assertThat(counts).hasSize(TaskStatus.values().length);
        assertThat(counts.get(TaskStatus.PENDING)).isEqualTo(2);
        assertThat(counts.get(TaskStatus.DONE)).isEqualTo(1);
        assertThat(counts.get(TaskStatus.RUNNING)).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    default void queueOrderIsPriorityThenArrivalForAnyMix(long seed) {
        Random r = new Random(seed);
        List<NewTask> adds = new ArrayList<>();
        for (int i = 0; i < 60; i++) adds.add(new NewTask(null, "x" + i, null, 1 + r.nextInt(9)));
        for (int i = 0; i < 60; i += 10) queue().addAll(adds.subList(i, i + 10));
        List<TaskInfo> listed = queue().list();
        List<TaskInfo> sorted = new ArrayList<>(listed);
        sorted.sort(TaskInfo.QUEUE_ORDER);
        assertThat(listed).isEqualTo(sorted).hasSize(60);
        assertThat(listed).extracting(TaskInfo::taskId).doesNotHaveDuplicates();
    }

    @Test
    default void threadsAddingAndUpdatingAtOnceLoseNothing() throws Exception {
        queue().add(new NewTask("counter", "x", null, null));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        queue().add(NewTask.command("x"));
                        queue().update("counter", c -> new TaskInfo(c.taskId(), c.command(), c.prompt(), c.priority(),
                                c.status(), c.seq(), c.attempts() + 1, c.workerId(), c.createdAt(), c.updatedAt(),
                                c.assignedAt(), c.startedAt(), c.finishedAt(), c.exitCode(), c.resultFile(), c.error(),
                                c.extra()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        assertThat(queue().list()).hasSize(41).extracting(TaskInfo::taskId).doesNotHaveDuplicates();
        assertThat(queue().get("counter").orElseThrow().attempts()).isEqualTo(40);
    }
}
