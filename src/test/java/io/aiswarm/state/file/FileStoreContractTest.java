package io.aiswarm.state.file;

import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.StatusLog;
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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's parts pass every store contract; each "other user" is a second object on the same files, as
 * another process holds them (what differs between processes, the OS locks, is covered by the cross-process state tests (full tier)).
 */
class FileStoreContractTest {
    @TempDir
    Path dir;

    @Nested
    class Queue implements TaskQueueContract {
        final MutableClock clock = TaskQueueContract.startClock();
        TaskQueue queue;

        @Override
        public TaskQueue queue() {
            if (queue == null) queue = new FileTaskQueue(dir.resolve("tasks.json"), clock);
            return queue;
        }

        @Override
        public MutableClock clock() {
            return clock;
        }
    }

    /** The same contract with every finished task moved to the archive at the next write. */
    @Nested
    class ArchivingQueue implements TaskQueueContract {
        final MutableClock clock = TaskQueueContract.startClock();
        TaskQueue queue;

        @Override
        public TaskQueue queue() {
            if (queue == null) queue = new FileTaskQueue(dir.resolve("tasks.json"), clock, 0);
            return queue;
        }

        @Override
        public MutableClock clock() {
            return clock;
        }
    }

    @Nested
    class Locks implements TaskLockContract {
        final MutableClock clock = TaskLockContract.startClock();
        TaskLockManager locks;

        @Override
        public TaskLockManager locks() {
            if (locks == null) locks = contender();
            return locks;
        }

        @Override
        public TaskLockManager contender() {
            return new FileTaskLockManager(dir.resolve("locks"), 300, clock);
        }

        @Override
        public MutableClock clock() {
            return clock;
        }
    }

    @Nested
    class Log implements StatusLogContract {
        final MutableClock clock = StatusLogContract.startClock();

        @Override
        public StatusLog log() {
            return new FileStatusLog(dir.resolve("status.log"));
        }

        @Override
        public StatusLog writer() {
            return new FileStatusLog(dir.resolve("status.log"));
        }

        @Override
        public MutableClock clock() {
            return clock;
        }
    }

    @Nested
    class Changes implements ChangeFeedContract {
        @Override
        public ChangeFeed feed() {
            return new FileChangeFeed(List.of(dir.resolve("tasks.json"), dir.resolve("status.log")));
        }

        @Override
        public TaskQueue queue() {
            return new FileTaskQueue(dir.resolve("tasks.json"), TaskQueueContract.startClock());
        }

        @Override
        public StatusLog statusLog() {
            return new FileStatusLog(dir.resolve("status.log"));
        }
    }

    @Nested
    class Claims implements WorkerClaimsContract {
        @Override
        public WorkerClaims claims() {
            return new FileWorkerClaims(dir.resolve("claims"));
        }

        @Override
        public WorkerClaims contender() {
            return new FileWorkerClaims(dir.resolve("claims"));
        }
    }

    @Nested
    class Lease implements MasterLeaseContract {
        @Override
        public MasterLeases leases() {
            return new FileMasterLeases(dir.resolve("master.lock"));
        }

        @Override
        public MasterLeases rival() {
            return new FileMasterLeases(dir.resolve("master.lock"));
        }
    }
}
