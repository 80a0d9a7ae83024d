package io.aiswarm.agent.stub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A request the stub received: which API, the path, lower-case headers, and the JSON body. */
public record RecordedRequest(String api, String method, String path, Map<String, String> headers, JsonNode body,
                              boolean scripted) {
    /** Text of the last user message (string content or text blocks), for assertions on what the agent sent. */
    public String lastUserText() {
        JsonNode messages = body.path("messages");
        if (messages.isArray()) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                JsonNode m = messages.get(i);
                if (!"user".equals(m.path("role").asText())) continue;
                JsonNode content = m.path("content");
                if (content.isTextual()) return content.asText();
                StringBuilder sb = new StringBuilder();
                for (JsonNode block : content) {
                    if ("text".equals(block.path("type").asText())) sb.append(block.path("text").asText()).append('\n');
                }
                return sb.toString().strip();
            }
        }
        return body.toString();
    }
}
