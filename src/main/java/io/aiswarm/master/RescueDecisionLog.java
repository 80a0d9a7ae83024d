package io.aiswarm.master;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit trail of the auto-rescuer (rescue-decisions.jsonl): one JSON object a line with ts, worker_id,
 * category, pattern, matched_line, action, reason, dry_run, and prompt_id (the prompt's fingerprint) on lines that
 * settled a prompt. Each line goes out in one append write, so lines of concurrent writers never interleave. A
 * restarted master reads the recent lines back, so it neither answers nor reports a prompt twice.
 */
public final class RescueDecisionLog {
    /** How much of the log's end a restarted rescuer reads back: far more than one decision per pane. */
    static final int RECENT_BYTES = 256 * 1024;

    /** A logged decision that settled a prompt: what a restarted rescuer needs to remember. */
    record Settled(String workerId, long promptId, RescueAction action, Instant ts) {
    }

    private final Path file;
    private boolean endChecked;

    public RescueDecisionLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Appends a decision; {@code promptId} is null for a decision that did not settle its prompt (cooling down). */
    public synchronized void append(RescueDecision decision, Long promptId) {
        try {
            // After a torn last line (a crash mid-write), start on a fresh line so the new one stays readable.
            String prefix = endChecked || endsWithNewline() ? "" : "\n";
            endChecked = true;
            byte[] line = (prefix + toJson(decision, promptId) + "\n").getBytes(StandardCharsets.UTF_8);
            SafeFiles.append(file, line);
        } catch (IOException e) {
            throw new SwarmStateException("cannot append to the rescue decision log " + file + ": " + e.getMessage()
                    + "; check that the swarm directory exists and is writable (swarm init)", e);
        }
    }

    private boolean endsWithNewline() throws IOException {
        SafeFiles.requireRegularOrAbsent(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() == 0) return true;
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) == '\n';
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    static String toJson(RescueDecision d, Long promptId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ts", Json.format(d.ts()));
        fields.put("worker_id", d.workerId());
        fields.put("category", d.category().name());
        fields.put("pattern", d.patternName());
        fields.put("matched_line", d.matchedLine());
        fields.put("action", d.action().name());
        fields.put("reason", d.reason());
        fields.put("dry_run", d.dryRun());
        if (promptId != null) fields.put("prompt_id", Long.toHexString(promptId));
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /**
     * The settled decisions among the last {@value #RECENT_BYTES} bytes, oldest first. Lines that do not parse
     * (a torn last line after a crash, a hand edit) are skipped: this is an audit trail, never rewritten here.
     */
    List<Settled> recentSettled() {
        List<Settled> settled = new ArrayList<>();
        for (String line : recentLines()) {
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                JsonNode id = node.get("prompt_id");
                if (id == null) continue;
                settled.add(new Settled(node.get("worker_id").asText(), Long.parseUnsignedLong(id.asText(), 16),
                        RescueAction.valueOf(node.get("action").asText()), Json.parseInstant(node.get("ts").asText())));
            } catch (IOException | RuntimeException e) {
                // skipped, see above
            }
        }
        return settled;
    }

    private List<String> recentLines() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long start = Math.max(0, ch.size() - RECENT_BYTES);
            ByteBuffer buf = ByteBuffer.allocate((int) (ch.size() - start));
            ch.position(start);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read to the end
            }
            List<String> lines = new ArrayList<>(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)
                    .lines().toList());
            if (start > 0 && !lines.isEmpty()) lines.remove(0); // began mid-line
            return lines;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new SwarmStateException("cannot read the rescue decision log " + file + ": " + e.getMessage()
                    + "; check its permissions, or move it aside to start a new one", e);
        }
    }
}
