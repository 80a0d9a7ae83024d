package io.aiswarm.master;

/**
 * The outcome of giving one task to one worker; {@code reason} says why it did not happen (null on success), or, on
 * a success, why it is not certain that the task started (it stays assigned; recovery decides).
 */
public record DispatchResult(boolean success, String taskId, String workerId, String reason) {
    public static DispatchResult dispatched(String taskId, String workerId) {
        return new DispatchResult(true, taskId, workerId, null);
    }

    public static DispatchResult uncertain(String taskId, String workerId, String reason) {
        return new DispatchResult(true, taskId, workerId, reason);
    }

    public static DispatchResult failed(String taskId, String workerId, String reason) {
        return new DispatchResult(false, taskId, workerId, reason);
    }
}
