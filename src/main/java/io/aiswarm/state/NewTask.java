package io.aiswarm.state;

/** A task to add: id may be null (generated), exactly one of command/prompt, priority null means default. */
public record NewTask(String taskId, String command, String prompt, Integer priority) {
    public static NewTask command(String command) {
        return new NewTask(null, command, null, null);
    }

    public static NewTask prompt(String prompt) {
        return new NewTask(null, null, prompt, null);
    }
}
