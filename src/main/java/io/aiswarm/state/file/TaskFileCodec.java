package io.aiswarm.state.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.aiswarm.state.Json;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskIds;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskRules;
import io.aiswarm.state.TaskStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes tasks.json. Parsing is streamed so that every problem, syntax or content (bad id, priority,
 * duplicate), is reported with the file, line and column of the offending task. Tasks added by hand without
 * {@code seq} or {@code task_id} get them deterministically from {@code next_seq}, in file order.
 */
final class TaskFileCodec {
    /** Reads one task from the middle of the stream; the end of the file is checked separately. */
    private static final ObjectReader TASK_READER = Json.MAPPER.readerFor(TaskInfo.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private TaskFileCodec() {
    }

    static TaskFile decode(Path file, byte[] bytes) {
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) return TaskFile.empty();
        List<TaskInfo> tasks = new ArrayList<>();
        List<JsonLocation> where = new ArrayList<>();
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        ArchiveSummary archived = null;
        long nextSeq = 0;
        try (JsonParser p = Json.MAPPER.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw problem(file, p.currentTokenLocation(), "expected a JSON object {\"tasks\": [...]}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("tasks")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw problem(file, p.currentTokenLocation(), "\"tasks\" must be an array");
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() != JsonToken.START_OBJECT) {
                            throw problem(file, p.currentTokenLocation(), "each task must be a JSON object");
                        }
                        where.add(p.currentTokenLocation());
                        tasks.add(TASK_READER.readValue(p));
                    }
                } else if (name.equals("next_seq")) {
                    if (!value.isNumeric()) {
                        throw problem(file, p.currentTokenLocation(), "\"next_seq\" must be a number");
                    }
                    nextSeq = p.getLongValue();
                } else if (name.equals(ARCHIVED)) {
                    // derived counts: a field of another shape is dropped, and the counts made afresh
                    archived = ArchiveSummary.parse(TASK_READER.readTree(p)).orElse(null);
                } else {
                    extra.put(name, TASK_READER.readTree(p));
                }
            }
            if (p.nextToken() != null) {
                throw problem(file, p.currentTokenLocation(), "unexpected content after the closing '}'");
            }
        } catch (JsonProcessingException e) {
            throw problem(file, e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
        return normalize(file, tasks, where, nextSeq, extra).withArchived(archived);
    }

    /** The top-level field that summarises the archive of finished tasks ({@link ArchiveSummary}). */
    static final String ARCHIVED = "archived";

    private static TaskFile normalize(Path file, List<TaskInfo> tasks, List<JsonLocation> where, long storedNext,
                                      Map<String, JsonNode> extra) {
        long next = Math.max(storedNext, 1);
        for (TaskInfo t : tasks) next = Math.max(next, t.seq() + 1);
        Set<String> ids = new HashSet<>();
        for (TaskInfo t : tasks) if (t.taskId() != null) ids.add(t.taskId());
        List<TaskInfo> out = new ArrayList<>(tasks.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskInfo t = tasks.get(i);
            if (t.seq() <= 0 || t.taskId() == null) {
                long seq = t.seq() > 0 ? t.seq() : next++;
                String id = t.taskId();
                if (id == null) {
                    id = TaskIds.generated(seq);
                    while (ids.contains(id)) id = TaskIds.generated(next++);
                    ids.add(id);
                }
                t = withIdAndSeq(t, id, seq);
            }
            try {
                TaskRules.check(t);
            } catch (IllegalArgumentException e) {
                throw problem(file, where.get(i), e.getMessage());
            }
            if (!seen.add(t.taskId())) {
                throw problem(file, where.get(i), "task id '" + t.taskId() + "' appears twice");
            }
            out.add(t);
        }
        return new TaskFile(List.copyOf(out), next, Map.copyOf(extra));
    }

    private static TaskInfo withIdAndSeq(TaskInfo t, String id, long seq) {
        return new TaskInfo(id, t.command(), t.prompt(), t.priority(), t.status(), seq, t.attempts(), t.workerId(),
                t.createdAt(), t.updatedAt(), t.assignedAt(), t.startedAt(), t.finishedAt(), t.exitCode(),
                t.resultFile(), t.error(), t.extra());
    }

    /**
     * Counts the tasks per status by streaming over the file without building tasks: a cold JVM does it in a tenth
     * of the time of {@link #decode}. Returns empty for anything but a plain, valid-looking file (a task without a
     * status, an unknown status, a syntax problem): the caller then decodes it fully, which also reports problems.
     */
    static Optional<Counted> countStatuses(byte[] bytes) {
        Map<TaskStatus, Integer> counts = TaskStatus.count(List.of());
        ArchiveSummary archived = null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(ARCHIVED)) {
                    archived = ArchiveSummary.parse(TASK_READER.readTree(p)).orElse(null);
                } else if (!name.equals("tasks")) {
                    p.skipChildren();
                } else if (value != JsonToken.START_ARRAY || !countArray(p, counts)) {
                    return Optional.empty();
                }
            }
            return p.nextToken() == null ? Optional.of(new Counted(counts, archived)) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The tasks of tasks.json per status, and its summary of the archive (null when it has none). */
    record Counted(Map<TaskStatus, Integer> counts, ArchiveSummary archived) {
    }

    private static boolean countArray(JsonParser p, Map<TaskStatus, Integer> counts) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            TaskStatus status = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean isStatus = p.currentName().equals("status");
                JsonToken value = p.nextToken();
                if (!isStatus) p.skipChildren();
                else if (value == JsonToken.VALUE_STRING) status = TaskStatus.parse(p.getText());
                else return false;
            }
            if (status == null) return false;
            counts.merge(status, 1, Integer::sum);
        }
        return p.currentToken() == JsonToken.END_ARRAY;
    }

    /**
     * {@link #encode(TaskFile)}, reusing the bytes of tasks encoded before: a write of a large queue then costs the
     * few tasks that changed, not all of them (the layout is the same, byte for byte).
     */
    static byte[] encode(TaskFile file, TaskEncodings cache) {
        if (file.tasks().isEmpty() || !file.extra().isEmpty()) return encode(file);
        byte[][] parts = new byte[file.tasks().size()][];
        byte[] tail = ("\n  ],\n  \"next_seq\": " + file.nextSeq() + archivedField(file) + "\n}\n")
                .getBytes(StandardCharsets.UTF_8);
        int size = HEAD.length + tail.length + BETWEEN.length * (parts.length - 1);
        for (int i = 0; i < parts.length; i++) size += (parts[i] = cache.bytes(file.tasks().get(i))).length;
        byte[] out = new byte[size]; // one allocation, one copy of each part
        int at = put(out, 0, HEAD);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) at = put(out, at, BETWEEN);
            at = put(out, at, parts[i]);
        }
        put(out, at, tail);
        return out;
    }

    private static String archivedField(TaskFile file) {
        if (file.archived() == null) return "";
        try {
            return ",\n  \"" + ARCHIVED + "\": " + Json.PRETTY.writeValueAsString(file.archived().json())
                    .replace("\n", "\n  ");
        } catch (JsonProcessingException e) {
            throw new SwarmStateException("cannot encode the archive summary: " + e.getOriginalMessage(), e);
        }
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static final byte[] HEAD = "{\n  \"tasks\": [\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BETWEEN = ",\n".getBytes(StandardCharsets.UTF_8);

    /** One task as it appears in the file: pretty-printed, each line indented to its place in the array. */
    static byte[] encodeTask(TaskInfo task) {
        try {
            String json = Json.PRETTY.writeValueAsString(task);
            return ("    " + json.replace("\n", "\n    ")).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new SwarmStateException("cannot encode task " + task.taskId() + ": " + e.getOriginalMessage(), e);
        }
    }

    static byte[] encode(TaskFile file) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tasks", file.tasks());
        root.put("next_seq", file.nextSeq());
        if (file.archived() != null) root.put(ARCHIVED, file.archived().json());
        file.extra().forEach(root::putIfAbsent);
        try {
            byte[] json = Json.PRETTY.writeValueAsBytes(root);
            byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new SwarmStateException("cannot encode the task queue: " + e.getOriginalMessage(), e);
        }
    }

    private static SwarmStateException problem(Path file, JsonLocation at, String what) {
        String position = at == null || at.getLineNr() < 0 ? ""
                : " line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new SwarmStateException(file + position + ": " + what + ". The file was left unchanged; fix it by"
                + " hand (or move it away to start an empty queue)");
    }
}
