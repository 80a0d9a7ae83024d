package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult;
import io.aiswarm.state.LockResult.Outcome;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lock manager's contract (as FileTaskLockManagerTest states it for lock files) against PostgreSQL. */
class PgTaskLockManagerIT extends StoreOnSharedServer {
    MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    PgTaskLockManager locks;

    @BeforeEach
    void setUp() {
        locks = new PgTaskLockManager(store.session("host-a", clock), 300, clock);
    }

    @Test
    void acquireStoresTheLockWithItsOwnerAndMachine() {
        LockResult r = locks.acquire("t1", "worker-0");
        assertThat(r.outcome()).isEqualTo(Outcome.ACQUIRED);
        LockInfo info = r.lock();
        assertThat(info.workerId()).isEqualTo("worker-0");
        assertThat(info.ownerToken()).hasSize(36);
        assertThat(info.host()).isEqualTo("host-a");
        assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(info.acquiredAt()).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(locks.read("t1")).contains(info);
        assertThat(locks.isLocked("t1")).isTrue();
    }

    @Test
    void anotherWorkerIsRefusedWhileTheLockLivesAndTakesItOverOnceExpired() {
        LockInfo mine = locks.acquire("t1", "worker-0").lock();
        clock.advance(Duration.ofSeconds(300)); // exactly the TTL: still alive
        LockResult refused = locks.acquire("t1", "worker-1");
        assertThat(refused.outcome()).isEqualTo(Outcome.HELD_BY_OTHER);
        assertThat(refused.lock()).isEqualTo(mine);
        clock.advance(Duration.ofSeconds(1));
        assertThat(locks.isLocked("t1")).isFalse();
        LockResult took = locks.acquire("t1", "worker-1");
        assertThat(took.outcome()).isEqualTo(Outcome.TOOK_OVER);
        assertThat(took.lock().ownerToken()).isNotEqualTo(mine.ownerToken());
        assertThat(locks.release("t1", "worker-0")).isFalse(); // the old owner lost it
    }

    @Test
    void reacquiringByTheOwnerRefreshesTheHeartbeatAndTheTtlCountsFromIt() {
        LockInfo first = locks.acquire("t1", "worker-0").lock();
        clock.advance(Duration.ofSeconds(100));
        LockResult again = locks.acquire("t1", "worker-0");
        assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_HELD);
        assertThat(again.lock().ownerToken()).isEqualTo(first.ownerToken());
        assertThat(again.lock().heartbeatAt()).isEqualTo(Instant.parse("2026-01-31T12:01:40Z"));
        clock.advance(Duration.ofSeconds(200));
        assertThat(locks.heartbeat("t1", "worker-0")).isTrue();
        clock.advance(Duration.ofSeconds(250));
        assertThat(locks.acquire("t1", "worker-1").outcome()).isEqualTo(Outcome.HELD_BY_OTHER);
    }

    @Test
    void onlyTheOwnerRefreshesOrReleases() {
        locks.acquire("t1", "worker-0");
        assertThat(locks.heartbeat("t1", "worker-1")).isFalse();
        assertThat(locks.release("t1", "worker-1")).isFalse();
        assertThat(locks.release("t1", "worker-0")).isTrue();
        assertThat(locks.read("t1")).isEmpty();
        assertThat(locks.release("t1", "worker-0")).isFalse();
        assertThat(locks.heartbeat("t1", "worker-0")).isFalse();
        assertThat(locks.acquire("t1", "worker-1").outcome()).isEqualTo(Outcome.ACQUIRED);
    }

    @Test
    void listsEveryLockSortedByTaskAndRefusesBadNames() {
        locks.acquire("b", "worker-0");
        locks.acquire("a", "worker-1");
        clock.advance(Duration.ofHours(1));
        assertThat(locks.list()).extracting(LockInfo::taskId).containsExactly("a", "b");
        assertThatThrownBy(() -> locks.acquire("../x", "worker-0")).hasMessageContaining("task id");
        assertThatThrownBy(() -> locks.acquire("t", " ")).hasMessageContaining("worker id");
        assertThat(locks.ttlSeconds()).isEqualTo(300);
    }

    @Test
    void contendersOnTheirOwnConnectionsForAnExpiredLockProduceOneWinner() throws Exception {
        locks.acquire("t1", "dead-worker");
        clock.advance(Duration.ofSeconds(301));
        int n = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<LockResult>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                PgTaskLockManager mine = new PgTaskLockManager(store.session("host-" + i, clock), 300, clock);
                String worker = "worker-" + i;
                Callable<LockResult> race = () -> {
                    go.await();
                    return mine.acquire("t1", worker);
                };
                results.add(pool.submit(race));
            }
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<LockResult> f : results) outcomes.add(f.get().outcome());
            assertThat(outcomes).containsOnlyOnce(Outcome.TOOK_OVER).filteredOn(o -> o != Outcome.TOOK_OVER)
                    .containsOnly(Outcome.HELD_BY_OTHER);
        } finally {
            pool.shutdownNow();
        }
    }
}
