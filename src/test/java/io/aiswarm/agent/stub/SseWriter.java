package io.aiswarm.agent.stub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes Server-Sent Events, flushing each so the client sees the stream as it goes. */
final class SseWriter {
    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** {@code event: NAME} (omitted when null) and {@code data: JSON}. */
    void event(String name, JsonNode data) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (name != null) sb.append("event: ").append(name).append('\n');
        sb.append("data: ").append(data.toString()).append("\n\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void raw(String line) throws IOException {
        out.write((line + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
