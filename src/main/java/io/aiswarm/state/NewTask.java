package io.aiswarm.state;

import java.util.Map;

/**
 * A task to add: id may be null (generated), exactly one of command/prompt, priority null means default; {@code extra}
 * holds further fields the task starts with (e.g. the branch its workspace starts from, {@code base_branch}).
 */
public record NewTask(String taskId, String command, String prompt, Integer priority, Map<String, Object> extra) {
    public NewTask {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public NewTask(String taskId, String command, String prompt, Integer priority) {
        this(taskId, command, prompt, priority, Map.of());
    }

    public static NewTask command(String command) {
        return new NewTask(null, command, null, null);
    }

    public static NewTask prompt(String prompt) {
        return new NewTask(null, null, prompt, null);
    }

    public NewTask withExtra(String field, Object value) {
        Map<String, Object> more = new java.util.LinkedHashMap<>(extra);
        more.put(field, value);
        return new NewTask(taskId, command, prompt, priority, more);
    }
}
