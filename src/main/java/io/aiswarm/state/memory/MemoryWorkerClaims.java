package io.aiswarm.state.memory;

import io.aiswarm.state.WorkerClaims;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Worker claims held in this process (for the master's logic tests). */
public final class MemoryWorkerClaims implements WorkerClaims {
    private final Map<String, Claim> claims = new HashMap<>();
    @Override
    public synchronized boolean claim(String workerId, String taskId, int attempt, long epoch, Instant at,
                                      Predicate<Claim> stale) {
        Claim current = claims.get(workerId);
        if (current != null && !current.taskId().equals(taskId) && !stale.test(current)) return false;
        claims.put(workerId, new Claim(workerId, taskId, attempt, epoch, ProcessHandle.current().pid(), at));
        return true;
    }

    @Override
    public synchronized void release(String workerId, String taskId) {
        Claim current = claims.get(workerId);
        if (current != null && current.taskId().equals(taskId)) claims.remove(workerId);
    }

    @Override
    public synchronized Optional<Claim> read(String workerId) {
        return Optional.ofNullable(claims.get(workerId));
    }
}
