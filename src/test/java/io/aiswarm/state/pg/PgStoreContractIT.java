package io.aiswarm.state.pg;

import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.StatusLog;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.contract.ChangeFeedContract;
import io.aiswarm.state.contract.MasterLeaseContract;
import io.aiswarm.state.contract.StatusLogContract;
import io.aiswarm.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;

/**
 * The PostgreSQL pieces pass the store contracts the queue and locks do not cover (those are PgTaskQueueIT and
 * PgTaskLockManagerIT): the status log, the change feed and the master lease. "Another process" is another
 * connection of the same machine.
 */
class PgStoreContractIT extends StoreOnSharedServer {
    @Nested
    class Log implements StatusLogContract {
        final MutableClock clock = StatusLogContract.startClock();

        @Override
        public StatusLog log() {
            return new PgStatusLog(store.session("host-a", clock));
        }

        @Override
        public StatusLog writer() {
            return new PgStatusLog(store.session("host-a", clock));
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
            return PgChangeFeed.feed(store.settings("host-a"));
        }

        @Override
        public TaskQueue queue() {
            return new PgTaskQueue(store.session("host-b", Clock.systemUTC()), Clock.systemUTC());
        }

        @Override
        public StatusLog statusLog() {
            return new PgStatusLog(store.session("host-b", Clock.systemUTC()));
        }

        /** The feed calls once when it is listening (a resync): nothing before that is heard. */
        @Override
        public void awaitReady(Semaphore calls) throws InterruptedException {
            if (!calls.tryAcquire(patienceSeconds(), TimeUnit.SECONDS)) throw new AssertionError("never listened");
            calls.drainPermits();
        }
    }

    @Nested
    class Lease implements MasterLeaseContract {
        final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");

        @Override
        public MasterLeases leases() {
            return lease();
        }

        @Override
        public MasterLeases rival() {
            return lease();
        }

        private MasterLeases lease() {
            return new PgMasterLeases(new PgLeases(store.session("host-a", clock), clock),
                    io.aiswarm.state.pg.Lease.Key.host("host-a"), Duration.ofSeconds(30), clock);
        }
    }
}
