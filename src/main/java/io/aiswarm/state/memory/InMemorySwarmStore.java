package io.aiswarm.state.memory;

import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.StatusLog;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.WorkerClaims;
import java.time.Clock;

/**
 * A store that lives in this process only: for the master's logic tests (no disk, no sleeping: the clock is injected)
 * and for trying things out. Passes the same contract tests as the file and PostgreSQL stores.
 */
public final class InMemorySwarmStore implements SwarmStore {
    private final MemoryChangeFeed changes = new MemoryChangeFeed();
    private final MemoryTaskQueue queue;
    private final MemoryTaskLocks locks;
    private final MemoryStatusLog statusLog = new MemoryStatusLog(changes::changed);
    private final MemoryLeases lease = new MemoryLeases();
    private final MemoryWorkerClaims claims = new MemoryWorkerClaims();

    private InMemorySwarmStore(Clock clock, long lockTtlSeconds, boolean applyTwice) {
        this.queue = new MemoryTaskQueue(clock, applyTwice, changes::changed);
        this.locks = new MemoryTaskLocks(lockTtlSeconds, clock);
    }

    @Override
    public WorkerClaims workerClaims() {
        return claims;
    }

    public static InMemorySwarmStore open(Clock clock, long lockTtlSeconds) {
        return new InMemorySwarmStore(clock, lockTtlSeconds, false);
    }

    /**
     * A store that applies every update function twice (the second result counts), as a store retrying a transaction
     * does: code whose update functions have side effects does them twice here, and its tests show it.
     */
    public static InMemorySwarmStore applyingUpdatesTwice(Clock clock, long lockTtlSeconds) {
        return new InMemorySwarmStore(clock, lockTtlSeconds, true);
    }

    @Override
    public TaskQueue queue() {
        return queue;
    }

    @Override
    public TaskLockManager locks() {
        return locks;
    }

    @Override
    public StatusLog statusLog() {
        return statusLog;
    }

    @Override
    public MasterLeases masterLease() {
        return lease;
    }

    @Override
    public ChangeFeed changes() {
        return changes;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
        // nothing held open
    }
}
