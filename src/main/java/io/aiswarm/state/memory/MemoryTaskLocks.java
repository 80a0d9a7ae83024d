package io.aiswarm.state.memory;

import io.aiswarm.state.LockInfo;
import io.aiswarm.state.LockResult;
import io.aiswarm.state.ProcessInfo;
import io.aiswarm.state.TaskIds;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskRules;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Task locks in memory, one lock for every method; the TTL counts on the injected clock. */
final class MemoryTaskLocks implements TaskLockManager {
    private final Map<String, LockInfo> locks = new TreeMap<>();
    private final long ttlSeconds;
    private final Clock clock;

    MemoryTaskLocks(long ttlSeconds, Clock clock) {
        if (ttlSeconds <= 0) throw new IllegalArgumentException("lock TTL must be positive, got " + ttlSeconds);
        this.ttlSeconds = ttlSeconds;
        this.clock = clock;
    }

    @Override
    public synchronized LockResult acquire(String taskId, String workerId) {
        TaskIds.require(taskId);
        TaskRules.checkWorkerId(workerId);
        Instant now = now();
        LockInfo theirs = locks.get(taskId);
        if (theirs != null && theirs.workerId().equals(workerId)) {
            LockInfo refreshed = theirs.heartbeat(now);
            locks.put(taskId, refreshed);
            return new LockResult(LockResult.Outcome.ALREADY_HELD, refreshed);
        }
        if (theirs != null && !theirs.isExpired(now)) return new LockResult(LockResult.Outcome.HELD_BY_OTHER, theirs);
        LockInfo mine = new LockInfo(taskId, workerId, UUID.randomUUID().toString(), ProcessInfo.HOST, ProcessInfo.PID,
                now, now, ttlSeconds);
        locks.put(taskId, mine);
        return new LockResult(theirs == null ? LockResult.Outcome.ACQUIRED : LockResult.Outcome.TOOK_OVER, mine);
    }

    @Override
    public synchronized boolean heartbeat(String taskId, String workerId) {
        LockInfo current = locks.get(TaskIds.require(taskId));
        if (current == null || !current.workerId().equals(workerId)) return false;
        locks.put(taskId, current.heartbeat(now()));
        return true;
    }

    @Override
    public synchronized boolean release(String taskId, String workerId) {
        LockInfo current = locks.get(TaskIds.require(taskId));
        if (current == null || !current.workerId().equals(workerId)) return false;
        locks.remove(taskId);
        return true;
    }

    @Override
    public synchronized Optional<LockInfo> read(String taskId) {
        return Optional.ofNullable(locks.get(TaskIds.require(taskId)));
    }

    @Override
    public synchronized boolean isLocked(String taskId) {
        LockInfo current = locks.get(TaskIds.require(taskId));
        return current != null && !current.isExpired(now());
    }

    @Override
    public synchronized List<LockInfo> list() {
        return new ArrayList<>(locks.values());
    }

    @Override
    public long ttlSeconds() {
        return ttlSeconds;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
