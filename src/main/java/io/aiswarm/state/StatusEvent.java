package io.aiswarm.state;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the status log: {@code {"ts":"…Z","worker_id":…,"task_id":…,"state":…,"message":…,"meta":{…}}}.
 * {@code taskId} may be empty (a worker that started with no task); {@code meta} is empty when absent.
 */
public record StatusEvent(Instant ts, String workerId, String taskId, BroadcastState state,
                          String message, Map<String, Object> meta) {
    public StatusEvent {
        taskId = taskId == null ? "" : taskId;
        message = message == null ? "" : message;
        meta = meta == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta)); // keeps key order in the log
    }

    public boolean hasTask() {
        return !taskId.isEmpty();
    }
}
