package io.aiswarm.master;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit trail of the auto-rescuer (rescue-decisions.jsonl): one JSON object a line with ts, worker_id,
 * category, pattern, matched_line, action, reason, dry_run. Each line goes out in one append write, so lines of
 * concurrent writers never interleave.
 */
public final class RescueDecisionLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;

    public RescueDecisionLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void append(RescueDecision decision) {
        byte[] line = (toJson(decision) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SwarmStateException("cannot append to the rescue decision log " + file + ": " + e.getMessage()
                    + "; check that the swarm directory exists and is writable (swarm init)", e);
        }
    }

    public static String toJson(RescueDecision d) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ts", timestamp(d.ts()));
        fields.put("worker_id", d.workerId());
        fields.put("category", d.category().name());
        fields.put("pattern", d.patternName());
        fields.put("matched_line", d.matchedLine());
        fields.put("action", d.action().name());
        fields.put("reason", d.reason());
        fields.put("dry_run", d.dryRun());
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /** ISO-8601 UTC with milliseconds, as in the status log. */
    public static String timestamp(Instant ts) {
        return TS.format(ts);
    }
}
