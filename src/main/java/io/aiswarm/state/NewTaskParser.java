package io.aiswarm.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads tasks to add from text (a file or standard input): either a JSON array of task objects, or one task a
 * line, where a line is a JSON object ({@code {"command": …} | {"prompt": …}}, optional task_id and priority) or
 * else a shell command. Blank lines and lines starting with '#' are skipped. Errors name the source and line.
 */
public final class NewTaskParser {
    private static final Set<String> FIELDS = Set.of("task_id", "command", "prompt", "priority");

    private NewTaskParser() {
    }

    public static List<NewTask> parse(String source, String text, Integer defaultPriority) {
        List<NewTask> tasks = new ArrayList<>();
        if (text.stripLeading().startsWith("[")) {
            JsonNode array = read(source, 0, text);
            if (!array.isArray()) throw bad(source, 0, "expected a JSON array of task objects");
            for (int i = 0; i < array.size(); i++) {
                tasks.add(fromJson(source + " element " + (i + 1), array.get(i), defaultPriority));
            }
            return tasks;
        }
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("{")) {
                tasks.add(fromJson(source + " line " + (n + 1), read(source, n + 1, line), defaultPriority));
            } else {
                tasks.add(new NewTask(null, line, null, defaultPriority));
            }
        }
        return tasks;
    }

    private static NewTask fromJson(String where, JsonNode node, Integer defaultPriority) {
        if (!node.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object");
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(where + ": unknown field \"" + name + "\"; use " + FIELDS);
            }
        });
        Integer priority = defaultPriority;
        JsonNode p = node.get("priority");
        if (p != null && !p.isNull()) {
            if (!p.canConvertToExactIntegral()) {
                throw new IllegalArgumentException(where + ": \"priority\" must be a whole number from 1 to 9");
            }
            priority = p.asInt();
        }
        NewTask task = new NewTask(text(node, "task_id"), text(node, "command"), text(node, "prompt"), priority);
        try {
            if (task.taskId() != null) TaskIds.require(task.taskId());
            if (priority != null) TaskRules.checkPriority(task.taskId(), priority);
            TaskRules.checkPayload(task.taskId(), task.command(), task.prompt());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return task;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode read(String source, int line, String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            int at = line > 0 ? line : e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw bad(source, at, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static IllegalArgumentException bad(String source, int line, String what) {
        return new IllegalArgumentException(source + (line > 0 ? " line " + line : "") + ": " + what);
    }
}
