package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult;
import io.aiswarm.state.LockResult.Outcome;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.contract.TaskLockContract;
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

/** The lock manager's contract ({@link TaskLockContract}) against PostgreSQL; contenders are other machines. */
class PgTaskLockManagerIT extends StoreOnSharedServer implements TaskLockContract {
    MutableClock clock = TaskLockContract.startClock();
    PgTaskLockManager locks;
    int contenders;

    @BeforeEach
    void setUp() {
        locks = new PgTaskLockManager(store.session("host-a", clock), 300, clock);
    }

    @Override
    public TaskLockManager locks() {
        return locks;
    }

    /** Another machine, on its own connection. */
    @Override
    public TaskLockManager contender() {
        return new PgTaskLockManager(store.session("host-" + (++contenders), clock), 300, clock);
    }

    @Override
    public MutableClock clock() {
        return clock;
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
}
