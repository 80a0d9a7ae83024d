package io.aiswarm.state.pg;

import io.aiswarm.state.TaskInfo;
import java.time.Instant;

/**
 * A task claimed for a worker of a machine: the task as stored after the claim, the claim's fencing token (every
 * later write about the task presents it) and when its lease expires unless the machine's heartbeat renews it.
 */
public record TaskClaim(TaskInfo task, String host, long fence, Instant leaseExpiresAt) {
    public String taskId() {
        return task.taskId();
    }

    public String workerId() {
        return task.workerId();
    }
}
