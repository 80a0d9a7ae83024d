package io.aiswarm.state;

import java.util.Optional;

/**
 * Everything a swarm keeps: its task queue, task locks, status log, master lease, worker claims and a feed of
 * changes. The master and
 * the commands reach state only through this interface (opened by {@link SwarmStores#open}), so a file directory, an
 * in-memory store and PostgreSQL are interchangeable; each passes the same contract tests.
 *
 * <p>Contracts every implementation keeps (stated on each part): every write is atomic across threads and processes;
 * update functions are pure because a store may apply them more than once; an unreadable store is reported (naming
 * where and what) and nothing is written over it.
 */
public interface SwarmStore extends AutoCloseable {
    TaskQueue queue();

    TaskLockManager locks();

    StatusLog statusLog();

    /** The right to be this cluster's (or this machine's) active master. */
    MasterLeases masterLease();

    /**
     * Where this machine's workers are claimed before their panes start. Panes are per machine, so their claims are
     * too: a shared store hands out the machine's own (see docs/state.md).
     */
    WorkerClaims workerClaims();

    /** Wakes the master when the queue or the status log changed. */
    ChangeFeed changes();

    /**
     * This machine's directory for what stays local whatever the store: task output (results/), the rescuer's
     * decisions, the master's socket. Empty for a store without one (in memory): a master on it then needs its
     * sender and rescuer given explicitly.
     */
    default Optional<SwarmPaths> localFiles() {
        return Optional.empty();
    }

    /**
     * How the master takes pending tasks when the store hands them out itself (a database's claims); empty when the
     * master locks each task it dispatches through {@link #locks()} (the file and in-memory stores).
     */
    default Optional<TaskClaims> claims() {
        return Optional.empty();
    }

    /** Where the state lives, for messages: a directory, a database, "memory". */
    String describe();

    /** Releases what the store holds open (connections, watches); the state itself stays. */
    @Override
    void close();
}
