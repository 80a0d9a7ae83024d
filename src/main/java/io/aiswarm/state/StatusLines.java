package io.aiswarm.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One status event as one JSON line: {@code {"ts","worker_id","task_id","state","message","meta"}}; {@code meta}
 * only when non-empty. Parsing is lenient where shell hooks differ (missing task_id/message, any ISO time) and
 * strict where it matters (ts, worker_id, a known state); anything else is malformed (null).
 */
public final class StatusLines {
    /** Marks a line written by log rotation to carry a worker's last state into the new log. */
    public static final String SNAPSHOT_META = "snapshot";

    private StatusLines() {
    }

    public static String encode(StatusEvent e) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("ts", Json.format(e.ts()));
        node.put("worker_id", e.workerId());
        node.put("task_id", e.taskId());
        node.put("state", e.state().name());
        node.put("message", e.message());
        if (!e.meta().isEmpty()) node.set("meta", Json.MAPPER.valueToTree(new LinkedHashMap<>(e.meta())));
        try {
            return Json.MAPPER.writeValueAsString(node); // JSON escapes newlines: always one line
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("status event cannot be written as JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /** A line tried from this many later '{' before it counts as malformed (bounds the cost of a garbage line). */
    private static final int MAX_RESYNC_TRIES = 16;

    /**
     * The event, or null when the line is not a valid status event. A line that does not parse may be the fragment
     * of a writer killed mid-line with the next writer's whole line joined to it (the fragment had no newline):
     * then the record that starts at a later '{' is the line, and the fragment is dropped.
     */
    public static StatusEvent parse(String line) {
        StatusEvent whole = parseRecord(line);
        if (whole != null) return whole;
        int from = line.indexOf('{', 1);
        for (int tries = 0; from > 0 && tries < MAX_RESYNC_TRIES; tries++) {
            if (from + 1 < line.length() && line.charAt(from + 1) == '"') {
                StatusEvent tail = parseRecord(line.substring(from));
                if (tail != null) return tail;
            }
            from = line.indexOf('{', from + 1);
        }
        return null;
    }

    private static StatusEvent parseRecord(String line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node == null || !node.isObject()) return null;
            JsonNode ts = node.get("ts");
            JsonNode worker = node.get("worker_id");
            JsonNode state = node.get("state");
            if (ts == null || !ts.isTextual() || worker == null || !worker.isTextual() || worker.asText().isEmpty()
                    || state == null || !state.isTextual()) {
                return null;
            }
            Instant when = Json.parseInstant(ts.asText());
            BroadcastState s = BroadcastState.valueOf(state.asText().toUpperCase(java.util.Locale.ROOT));
            JsonNode meta = node.get("meta");
            Map<String, Object> metaMap = null;
            if (meta != null && meta.isObject()) {
                metaMap = new LinkedHashMap<>();
                for (var f : meta.properties()) {
                    metaMap.put(f.getKey(), f.getValue().isNull() ? "" : Json.MAPPER.treeToValue(f.getValue(), Object.class));
                }
            }
            return new StatusEvent(when, worker.asText(), text(node.get("task_id")), s, text(node.get("message")),
                    metaMap);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    public static boolean isSnapshot(StatusEvent e) {
        return Boolean.TRUE.equals(e.meta().get(SNAPSHOT_META));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }
}
