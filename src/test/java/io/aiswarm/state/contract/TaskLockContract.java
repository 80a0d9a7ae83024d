package io.aiswarm.state.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult;
import io.aiswarm.state.LockResult.Outcome;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TaskLockManager} does. A store's test class implements it: {@link #locks()} has no locks at the
 * start of each test, a TTL of 300 s, and runs on {@link #clock()} (starting at 2026-01-31T12:00:00Z).
 */
public interface TaskLockContract {
    TaskLockManager locks();

    /** Another user of the same locks (another process or machine where the store allows). */
    TaskLockManager contender();

    MutableClock clock();

    static MutableClock startClock() {
        return MutableClock.at("2026-01-31T12:00:00Z");
    }

    @Test
    default void acquireRecordsTheOwnerAndWhereItRuns() {
        LockResult r = locks().acquire("t1", "worker-0");
        assertThat(r.outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(r.acquired()).isTrue();
        LockInfo info = r.lock();
        assertThat(info.taskId()).isEqualTo("t1");
        assertThat(info.workerId()).isEqualTo("worker-0");
        assertThat(info.ownerToken()).hasSize(36);
        assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(info.host()).isNotBlank();
        assertThat(info.acquiredAt()).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(info.heartbeatAt()).isEqualTo(info.acquiredAt());
        assertThat(info.ttlSec()).isEqualTo(300);
        assertThat(locks().read("t1")).contains(info);
        assertThat(contender().read("t1")).contains(info);
        assertThat(locks().isLocked("t1")).isTrue();
        assertThat(locks().ttlSeconds()).isEqualTo(300);
        assertThat(locks().read("t2")).isEmpty();
        assertThat(locks().isLocked("t2")).isFalse();
    }

    @Test
    default void anotherWorkerIsRefusedWhileTheLockLives() {
        LockInfo mine = locks().acquire("t1", "worker-0").lock();
        clock().advance(Duration.ofSeconds(300)); // exactly the TTL: still alive
        LockResult r = contender().acquire("t1", "worker-1");
        assertThat(r.outcome()).isEqualTo(Outcome.HELD_BY_OTHER);
        assertThat(r.acquired()).isFalse();
        assertThat(r.lock()).isEqualTo(mine);
    }

    @Test
    default void reacquiringByTheOwnerIsIdempotentAndRefreshesTheHeartbeat() {
        LockInfo first = locks().acquire("t1", "worker-0").lock();
        clock().advance(Duration.ofSeconds(100));
        LockResult again = locks().acquire("t1", "worker-0");
        assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_HELD);
        assertThat(again.acquired()).isTrue();
        assertThat(again.lock().ownerToken()).isEqualTo(first.ownerToken());
        assertThat(again.lock().heartbeatAt()).isEqualTo(Instant.parse("2026-01-31T12:01:40Z"));
        assertThat(again.lock().acquiredAt()).isEqualTo(first.acquiredAt());
    }

    @Test
    default void anExpiredLockIsTakenOverAndItsFormerOwnerCanNoLongerReleaseIt() {
        LockInfo old = locks().acquire("t1", "worker-0").lock();
        clock().advance(Duration.ofSeconds(301));
        assertThat(locks().isLocked("t1")).isFalse();
        assertThat(locks().read("t1")).as("an expired lock is still readable").contains(old);
        LockResult r = contender().acquire("t1", "worker-1");
        assertThat(r.outcome()).isEqualTo(Outcome.TOOK_OVER);
        assertThat(r.lock().workerId()).isEqualTo("worker-1");
        assertThat(r.lock().ownerToken()).isNotEqualTo(old.ownerToken());
        assertThat(locks().isLocked("t1")).isTrue();
        assertThat(locks().release("t1", "worker-0")).isFalse();
        assertThat(locks().heartbeat("t1", "worker-0")).isFalse();
    }

    @Test
    default void theTtlCountsFromTheLastHeartbeat() {
        locks().acquire("t1", "worker-0");
        clock().advance(Duration.ofSeconds(200));
        assertThat(locks().heartbeat("t1", "worker-0")).isTrue();
        assertThat(locks().read("t1").orElseThrow().heartbeatAt()).isEqualTo(Instant.parse("2026-01-31T12:03:20Z"));
        clock().advance(Duration.ofSeconds(200));
        assertThat(locks().isLocked("t1")).isTrue();
        assertThat(contender().acquire("t1", "worker-1").outcome()).isEqualTo(Outcome.HELD_BY_OTHER);
        clock().advance(Duration.ofSeconds(101));
        assertThat(contender().acquire("t1", "worker-1").outcome()).isEqualTo(Outcome.TOOK_OVER);
    }

    @Test
    default void onlyTheOwnerRefreshesOrReleases() {
        locks().acquire("t1", "worker-0");
        assertThat(locks().heartbeat("t1", "worker-1")).isFalse();
        assertThat(locks().release("t1", "worker-1")).isFalse();
        assertThat(locks().isLocked("t1")).isTrue();
        assertThat(locks().release("t1", "worker-0")).isTrue();
        assertThat(locks().read("t1")).isEmpty();
        assertThat(locks().isLocked("t1")).isFalse();
        assertThat(locks().release("t1", "worker-0")).isFalse();
        assertThat(locks().heartbeat("t1", "worker-0")).isFalse();
        assertThat(contender().acquire("t1", "worker-1").outcome()).isEqualTo(Outcome.ACQUIRED);
    }

    @Test
    default void listsEveryLockLiveOrExpiredSortedByTask() {
        locks().acquire("b", "worker-0");
        locks().acquire("a", "worker-1");
        clock().advance(Duration.ofSeconds(1000));
        locks().acquire("c", "worker-2");
        assertThat(locks().list()).extracting(LockInfo::taskId).containsExactly("a", "b", "c");
        assertThat(contender().list()).extracting(LockInfo::workerId).containsExactly("worker-1", "worker-0",
                "worker-2");
    }

    @Test
    default void refusesUnsafeTaskIdsAndWorkerIdsNoPaneCanCarry() {
        assertThatThrownBy(() -> locks().acquire("../../etc/x", "worker-0")).hasMessageContaining("task id");
        for (String bad : new String[] {" ", "", "worker 1", "a\nb", "x".repeat(65)}) {
            assertThatThrownBy(() -> locks().acquire("t1", bad)).as(bad).hasMessageContaining("worker id");
        }
        assertThat(locks().list()).isEmpty();
    }

    @Test
    default void contendersForAnExpiredLockProduceOneWinner() throws Exception {
        locks().acquire("t1", "dead-worker");
        clock().advance(Duration.ofSeconds(301));
        int n = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<LockResult>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                TaskLockManager mine = contender();
                String worker = "worker-" + i;
                Callable<LockResult> race = () -> {
                    go.await();
                    return mine.acquire("t1", worker);
                };
                results.add(pool.submit(race));
            }
            go.countDown();
            List<LockResult> outcomes = new ArrayList<>();
            for (Future<LockResult> f : results) outcomes.add(f.get());
            assertThat(outcomes).extracting(LockResult::outcome).containsOnlyOnce(Outcome.TOOK_OVER)
                    .filteredOn(o -> o != Outcome.TOOK_OVER).containsOnly(Outcome.HELD_BY_OTHER);
            LockResult winner = outcomes.stream().filter(r -> r.outcome() == Outcome.TOOK_OVER).findFirst().orElseThrow();
            assertThat(locks().read("t1")).contains(winner.lock());
        } finally {
            pool.shutdownNow();
        }
    }
}
