package io.aiswarm.state;

import java.util.List;
import java.util.Optional;

/**
 * Per-task locks, one owner (a worker id) each, with a TTL counted from the last heartbeat.
 * Acquiring is atomic across processes (create-new); taking over an expired lock is race-free: when several
 * contenders find the same expired lock, exactly one wins. Only the owner refreshes or releases.
 */
public interface TaskLockManager {
    LockResult acquire(String taskId, String workerId);

    /** Refreshes the heartbeat; false when the lock is gone or belongs to another worker. */
    boolean heartbeat(String taskId, String workerId);

    /** Deletes the lock; false when it is gone or belongs to another worker (then it is left alone). */
    boolean release(String taskId, String workerId);

    /** The lock as stored, expired or not; empty when there is none or it does not parse. */
    Optional<LockInfo> read(String taskId);

    /** True when a lock exists and has not expired (an unreadable lock counts as expired). */
    boolean isLocked(String taskId);

    /** Every readable lock, live or expired, sorted by task id. */
    List<LockInfo> list();

    long ttlSeconds();
}
