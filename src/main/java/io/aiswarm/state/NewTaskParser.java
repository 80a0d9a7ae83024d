package io.aiswarm.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads tasks to add from text (a file or standard input). The whole text is one format, decided once for it, never
 * line by line (a shell line may start with '[' or '{'): JSON, either an array of task objects or one object a line
 * ({@code {"command": …} | {"prompt": …}}, optional task_id and priority); or shell commands, one a line. Blank
 * lines and lines starting with '#' are skipped. Errors name the source and line.
 */
public final class NewTaskParser {
    private static final Set<String> FIELDS = Set.of("task_id", "command", "prompt", "priority",
            TaskSchedule.TIMEOUT, TaskSchedule.RETRIES, TaskSchedule.BACKOFF, TaskSchedule.NOT_BEFORE,
            TaskDependencies.AFTER, TaskRouting.AGENT, TaskRouting.LABELS);
    /** How JSON starts: an object with a key (or empty), or an array of objects (or empty); never a shell test. */
    private static final Pattern LOOKS_LIKE_JSON = Pattern.compile("^\\s*(?:\\{\\s*[\"}]|\\[\\s*(?:[{\\]]|$))");

    /** How to read the text: JSON, shell lines, or decided from the name and the first non-blank line. */
    public enum Format { AUTO, JSON, LINES }

    private NewTaskParser() {
    }

    /** Decides the format from the text: JSON when it starts like JSON (see {@link #LOOKS_LIKE_JSON}). */
    public static List<NewTask> parse(String source, String text, Integer defaultPriority) {
        return parse(source, text, defaultPriority, Format.AUTO);
    }

    public static List<NewTask> parse(String source, String text, Integer defaultPriority, Format format) {
        boolean json = switch (format) {
            case JSON -> true;
            case LINES -> false;
            case AUTO -> source.endsWith(".json") || source.endsWith(".jsonl") || looksLikeJson(text);
        };
        return json ? parseJson(source, text, defaultPriority) : parseLines(text, defaultPriority);
    }

    static boolean looksLikeJson(String text) {
        for (String line : text.split("\r?\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            return LOOKS_LIKE_JSON.matcher(text.substring(text.indexOf(l))).find();
        }
        return false;
    }

    private static List<NewTask> parseJson(String source, String text, Integer defaultPriority) {
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
            tasks.add(fromJson(source + " line " + (n + 1), read(source, n + 1, line), defaultPriority));
        }
        return tasks;
    }

    private static List<NewTask> parseLines(String text, Integer defaultPriority) {
        List<NewTask> tasks = new ArrayList<>();
        for (String raw : text.split("\r?\n", -1)) {
            String line = raw.strip();
            if (!line.isEmpty() && !line.startsWith("#")) tasks.add(new NewTask(null, line, null, defaultPriority));
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
        java.util.Map<String, Object> schedule = new java.util.LinkedHashMap<>();
        for (String f : List.of(TaskSchedule.TIMEOUT, TaskSchedule.BACKOFF, TaskSchedule.NOT_BEFORE)) {
            if (text(node, f) != null) schedule.put(f, text(node, f));
        }
        JsonNode r = node.get(TaskSchedule.RETRIES);
        if (r != null && !r.isNull()) {
            if (!r.canConvertToExactIntegral()) {
                throw new IllegalArgumentException(where + ": \"retries\" must be a whole number from 0 to "
                        + TaskSchedule.MAX_RETRIES);
            }
            schedule.put(TaskSchedule.RETRIES, r.asInt());
        }
        JsonNode after = node.get(TaskDependencies.AFTER);
        if (after != null && !after.isNull()) {
            List<String> ids = new ArrayList<>();
            if (after.isTextual()) ids.addAll(List.of(after.asText().split(",")));
            else if (after.isArray()) after.forEach(e -> ids.add(e.asText()));
            else throw new IllegalArgumentException(where + ": \"after\" must be a list of task ids");
            schedule.put(TaskDependencies.AFTER, ids.stream().map(String::strip).toList());
        }
        if (text(node, TaskRouting.AGENT) != null) schedule.put(TaskRouting.AGENT, text(node, TaskRouting.AGENT));
        JsonNode labels = node.get(TaskRouting.LABELS);
        if (labels != null && !labels.isNull()) {
            List<String> given = new ArrayList<>();
            if (labels.isTextual()) given.add(labels.asText());
            else if (labels.isArray()) labels.forEach(e -> given.add(e.asText()));
            else throw new IllegalArgumentException(where + ": \"labels\" must be a list of label names");
            try {
                schedule.put(TaskRouting.LABELS, TaskRouting.parseLabels("\"labels\": label", given));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        NewTask task = new NewTask(text(node, "task_id"), text(node, "command"), text(node, "prompt"), priority,
                schedule);
        try {
            TaskSchedule.check(TaskRules.label(task.taskId()), schedule);
            TaskDependencies.checkShape(TaskRules.label(task.taskId()), schedule);
            TaskRouting.check(TaskRules.label(task.taskId()), task.command(), schedule);
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
