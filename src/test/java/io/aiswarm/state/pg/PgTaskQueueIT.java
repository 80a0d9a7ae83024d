package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.MutableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The queue's contract (as FileTaskQueueTest states it for the file store) against PostgreSQL. */
class PgTaskQueueIT extends StoreOnSharedServer {
    MutableClock clock = MutableClock.at("2026-01-31T12:00:00.123456Z");
    PgTaskQueue queue;

    @BeforeEach
    void setUp() {
        queue = new PgTaskQueue(store.session("host-a", clock), clock);
    }

    @Test
    void generatesSequentialIdsAndStoresDefaults() {
        TaskInfo a = queue.add(NewTask.command("echo a"));
        TaskInfo b = queue.add(NewTask.prompt("write tests"));
        assertThat(a.taskId()).isEqualTo("task-000001");
        assertThat(b.taskId()).isEqualTo("task-000002");
        assertThat(a.priority()).isEqualTo(5);
        assertThat(a.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(a.createdAt()).isEqualTo(Instant.parse("2026-01-31T12:00:00.123Z"));
        assertThat(queue.get("task-000002")).contains(b);
        assertThat(queue.get("nope")).isEmpty();
    }

    @Test
    void ordersByPriorityThenArrival() {
        queue.add(new NewTask("late-low", "x", null, 9));
        queue.add(new NewTask("first-normal", "x", null, null));
        queue.add(new NewTask("urgent", "x", null, 1));
        queue.add(new NewTask("second-normal", "x", null, 5));
        assertThat(queue.list()).extracting(TaskInfo::taskId)
                .containsExactly("urgent", "first-normal", "second-normal", "late-low");
    }

    @Test
    void generatedIdsSkipIdsAlreadyInUse() {
        queue.add(new NewTask("task-000002", "x", null, null));
        String y = queue.add(NewTask.command("y")).taskId();
        queue.add(new NewTask("task-000005", "x", null, null));
        List<TaskInfo> batch = queue.addAll(List.of(NewTask.command("z"), NewTask.command("w")));
        assertThat(y).isEqualTo("task-000003"); // 1 was drawn for the hand-chosen task-000002
        assertThat(batch).extracting(TaskInfo::taskId).doesNotContain("task-000005");
        assertThat(queue.list()).extracting(TaskInfo::taskId).doesNotHaveDuplicates().hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../x", ".", "..", "a/b", "", "with space", "x\ny", "ééé",
            "a12345678901234567890123456789012345678901234567890123456789012345"})
    void rejectsUnsafeIds(String id) {
        assertThatThrownBy(() -> queue.add(new NewTask(id, "x", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task id");
        assertThat(queue.list()).isEmpty();
    }

    @Test
    void rejectsBadPrioritiesAndPayloads() {
        assertThatThrownBy(() -> queue.add(new NewTask(null, "x", null, 10))).hasMessageContaining("priority 10");
        assertThatThrownBy(() -> queue.add(new NewTask(null, "x", "y", null))).hasMessageContaining("not both");
        assertThatThrownBy(() -> queue.add(new NewTask(null, "  ", null, null))).hasMessageContaining("exactly one");
    }

    @Test
    void rejectsADuplicateIdAndAddsNothingOfTheBatch() {
        queue.add(new NewTask("a", "x", null, null));
        assertThatThrownBy(() -> queue.addAll(List.of(new NewTask("b", "x", null, null),
                new NewTask("a", "y", null, null))))
                .hasMessageContaining("'a' already exists");
        assertThatThrownBy(() -> queue.addAll(List.of(new NewTask("c", "x", null, null),
                new NewTask("c", "y", null, null))))
                .hasMessageContaining("'c' is given twice");
        assertThat(queue.list()).extracting(TaskInfo::taskId).containsExactly("a");
    }

    @Test
    void updateChangesOneTaskAndKeepsTheRest() {
        queue.add(new NewTask("a", "x", null, null));
        queue.add(new NewTask("b", "y", null, null));
        clock.advance(Duration.ofSeconds(5));
        TaskInfo assigned = queue.update("a", t -> t.assignedTo("worker-0", clock.instant()));
        assertThat(assigned.status()).isEqualTo(TaskStatus.ASSIGNED);
        assertThat(assigned.attempts()).isEqualTo(1);
        assertThat(queue.get("a")).contains(assigned);
        assertThat(queue.get("b").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
        assertThatThrownBy(() -> queue.update("nope", t -> t)).hasMessageContaining("no task 'nope'");
        assertThatThrownBy(() -> queue.update("a", t -> t.withPriority(12, clock.instant())))
                .hasMessageContaining("priority 12");
        assertThat(queue.get("a")).contains(assigned);
    }

    @Test
    void anUnchangedUpdateWritesNothing() throws Exception {
        queue.add(new NewTask("a", "x", null, null));
        long xmin = xmin("a");
        queue.update("a", t -> t);
        queue.updateAll(t -> t);
        assertThat(xmin("a")).isEqualTo(xmin);
    }

    @Test
    void updateAllAppliesInOneTransaction() {
        queue.addAll(List.of(NewTask.command("a"), NewTask.command("b"), NewTask.prompt("c")));
        List<TaskQueue.Change> changed = queue.updateAll(t -> t.command() != null
                ? t.withStatus(TaskStatus.CANCELLED, clock.instant()) : t);
        assertThat(changed).hasSize(2);
        List<TaskInfo> all = queue.list();
        assertThat(all).extracting(TaskInfo::status)
                .containsExactly(TaskStatus.CANCELLED, TaskStatus.CANCELLED, TaskStatus.PENDING);
        assertThat(all.subList(0, 2)).isEqualTo(changed.stream().map(TaskQueue.Change::after).toList());
        assertThatThrownBy(() -> queue.updateAll(t -> t.command() == null ? t.withPriority(12, clock.instant())
                : t.withStatus(TaskStatus.DONE, clock.instant())))
                .hasMessageContaining("priority 12");
        assertThat(queue.list()).isEqualTo(all); // all or nothing
    }

    @Test
    void everyFieldAndUnknownExtraFieldsSurviveTheRoundTrip() {
        queue.add(new NewTask("a", null, "write the docs", 2));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("owner", "ann");
        extra.put("labels", List.of("docs", "urgent"));
        extra.put("nested", Map.of("n", 3, "ok", true));
        TaskInfo full = new TaskInfo("a", null, "write the docs", 2, TaskStatus.FAILED, 1, 3, "worker-2",
                clock.instant(), clock.instant().plusSeconds(9), clock.instant().plusSeconds(1),
                clock.instant().plusSeconds(2), clock.instant().plusSeconds(9), 137, "results/a.log", "killed", extra);
        TaskInfo stored = queue.update("a", t -> full);
        assertThat(stored).isEqualTo(full);
        assertThat(queue.get("a")).contains(full);
    }

    @Test
    void countsEveryStatus() {
        queue.addAll(List.of(NewTask.command("a"), NewTask.command("b"), NewTask.command("c")));
        queue.update("task-000001", t -> t.withStatus(TaskStatus.DONE, clock.instant()));
        Map<TaskStatus, Integer> counts = queue.countByStatus();
        assertThat(counts).hasSize(TaskStatus.values().length);
        assertThat(counts.get(TaskStatus.PENDING)).isEqualTo(2);
        assertThat(counts.get(TaskStatus.DONE)).isEqualTo(1);
        assertThat(counts.get(TaskStatus.RUNNING)).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void queueOrderIsPriorityThenArrivalForAnyMix(long seed) {
        Random r = new Random(seed);
        List<NewTask> adds = new ArrayList<>();
        for (int i = 0; i < 60; i++) adds.add(new NewTask(null, "x" + i, null, 1 + r.nextInt(9)));
        for (int i = 0; i < 60; i += 10) queue.addAll(adds.subList(i, i + 10));
        List<TaskInfo> listed = queue.list();
        List<TaskInfo> sorted = new ArrayList<>(listed);
        sorted.sort(TaskInfo.QUEUE_ORDER);
        assertThat(listed).isEqualTo(sorted).hasSize(60);
    }

    @Test
    void anUpdateThatEndsAClaimClearsItSoItsTokenIsRefused() {
        queue.add(new NewTask("a", "x", null, null));
        PgSession session = store.session("host-a", clock);
        PgLeases leases = new PgLeases(session, clock);
        Lease lease = leases.tryAcquire(Lease.Key.host("host-a"), Duration.ofSeconds(30)).orElseThrow();
        PgTaskClaims claims = new PgTaskClaims(session, clock, Duration.ofMinutes(5));
        TaskClaim claim = claims.claim(lease, List.of("worker-0")).get(0);
        // a person's change that keeps the task with its worker keeps the claim
        queue.update("a", t -> t.withPriority(1, clock.instant()));
        assertThat(claims.claimsOf("host-a")).extracting(TaskClaim::fence).containsExactly(claim.fence());
        // cancelling it ends the claim: the master's later write is refused
        queue.update("a", t -> t.withStatus(TaskStatus.CANCELLED, clock.instant()));
        assertThat(claims.claimsOf("host-a")).isEmpty();
        assertThatThrownBy(() -> claims.finish("a", claim.fence(), TaskStatus.DONE, 0, null, null))
                .isInstanceOf(StaleClaimException.class);
        assertThat(queue.get("a").orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    }

    private long xmin(String taskId) throws Exception {
        try (Connection c = pg.connect(store.database); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT xmin::text::bigint FROM ai_swarm.tasks WHERE task_id = '" + taskId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
