package io.aiswarm.master;

/**
 * The outcome of giving one task to one worker; {@code reason} says why it did not happen (null on success), or, on
 * a success, why it is not certain that the task started (it stays assigned; recovery decides). {@code attempt} is
 * the attempt delivered (0 when nothing was).
 */
public record DispatchResult(boolean success, String taskId, String workerId, String reason, int attempt) {
    public DispatchResult(boolean success, String taskId, String workerId, String reason) {
        this(success, taskId, workerId, reason, 0);
    }

    public static DispatchResult dispatched(String taskId, String workerId) {
        return dispatched(taskId, workerId, 0);
    }

    public static DispatchResult dispatched(String taskId, String workerId, int attempt) {
        return new DispatchResult(true, taskId, workerId, null, attempt);
    }

    public static DispatchResult uncertain(String taskId, String workerId, String reason, int attempt) {
        return new DispatchResult(true, taskId, workerId, reason, attempt);
    }

    public static DispatchResult failed(String taskId, String workerId, String reason) {
        return new DispatchResult(false, taskId, workerId, reason);
    }
}
