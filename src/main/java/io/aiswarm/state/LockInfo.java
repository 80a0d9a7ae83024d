package io.aiswarm.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/** The JSON content of {@code locks/{task_id}.lock}. The owner is the worker; the token names one acquisition. */
public record LockInfo(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("owner_token") String ownerToken,
        @JsonProperty("host") String host,
        @JsonProperty("pid") long pid,
        @JsonProperty("acquired_at") Instant acquiredAt,
        @JsonProperty("heartbeat_at") Instant heartbeatAt,
        @JsonProperty("ttl_sec") long ttlSec) {

    /** Expired when more than the TTL has passed since the last heartbeat. */
    public boolean isExpired(Instant now) {
        return Duration.between(heartbeatAt, now).compareTo(Duration.ofSeconds(ttlSec)) > 0;
    }

    public LockInfo heartbeat(Instant now) {
        return new LockInfo(taskId, workerId, ownerToken, host, pid, acquiredAt, now, ttlSec);
    }
}
