package io.aiswarm.state.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusLog;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.WorkerClaims;
import io.aiswarm.state.contract.ChangeFeedContract;
import io.aiswarm.state.contract.MasterLeaseContract;
import io.aiswarm.state.contract.StatusLogContract;
import io.aiswarm.state.contract.TaskLockContract;
import io.aiswarm.state.contract.TaskQueueContract;
import io.aiswarm.state.contract.WorkerClaimsContract;
import io.aiswarm.testing.MutableClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The in-memory store passes every store contract. */
class InMemorySwarmStoreTest {
    @Nested
    class Queue implements TaskQueueContract {
        final MutableClock clock = TaskQueueContract.startClock();
        final SwarmStore store = InMemorySwarmStore.open(clock, 300);

        @Override
        public TaskQueue queue() {
            return store.queue();
        }

        @Override
        public MutableClock clock() {
            return clock;
        }
    }

    @Nested
    class Locks implements TaskLockContract {
        final MutableClock clock = TaskLockContract.startClock();
        final SwarmStore store = InMemorySwarmStore.open(clock, 300);

        @Override
        public TaskLockManager locks() {
            return store.locks();
        }

        @Override
        public TaskLockManager contender() {
            return store.locks();
        }

        @Override
        public MutableClock clock() {
            return clock;
        }
    }

    @Nested
    class Log implements StatusLogContract {
        final MutableClock clock = StatusLogContract.startClock();
        final SwarmStore store = InMemorySwarmStore.open(clock, 300);

        @Override
        public StatusLog log() {
            return store.statusLog();
        }

        @Override
        public StatusLog writer() {
            return store.statusLog();
        }

        @Override
        public MutableClock clock() {
            return clock;
        }
    }

    @Nested
    class Changes implements ChangeFeedContract {
        final SwarmStore store = InMemorySwarmStore.open(TaskQueueContract.startClock(), 300);

        @Override
        public ChangeFeed feed() {
            return store.changes();
        }

        @Override
        public TaskQueue queue() {
            return store.queue();
        }

        @Override
        public StatusLog statusLog() {
            return store.statusLog();
        }
    }

    @Nested
    class Claims implements WorkerClaimsContract {
        final SwarmStore store = InMemorySwarmStore.open(TaskQueueContract.startClock(), 300);

        @Override
        public WorkerClaims claims() {
            return store.workerClaims();
        }

        @Override
        public WorkerClaims contender() {
            return store.workerClaims();
        }
    }

    @Nested
    class Lease implements MasterLeaseContract {
        final SwarmStore store = InMemorySwarmStore.open(TaskQueueContract.startClock(), 300);

        @Override
        public MasterLeases leases() {
            return store.masterLease();
        }

        @Override
        public MasterLeases rival() {
            return store.masterLease();
        }
    }

    @Test
    void aStoreApplyingUpdatesTwiceRunsEveryFunctionTwiceAndKeepsTheSecondResult() {
        SwarmStore store = InMemorySwarmStore.applyingUpdatesTwice(TaskQueueContract.startClock(), 300);
        store.queue().add(NewTask.command("x"));
        AtomicInteger calls = new AtomicInteger();
        store.queue().updateAll(t -> {
            calls.incrementAndGet();
            return t.withPriority(calls.get(), t.updatedAt());
        });
        assertThat(calls).hasValue(2);
        assertThat(store.queue().list().get(0).priority()).isEqualTo(2);
        assertThat(store.describe()).isEqualTo("memory");
    }
}
