package io.aiswarm.agent.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/** Anthropic Messages API: {@code POST /v1/messages} (JSON or SSE) and {@code /v1/messages/count_tokens}. */
final class AnthropicDialect implements ApiDialect {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public boolean handles(String method, String path) {
        return path.startsWith("/v1/messages");
    }

    @Override
    public boolean isAgentTurn(String path, JsonNode body) {
        return "/v1/messages".equals(path) && body.path("tools").size() > 0;
    }

    @Override
    public boolean isStreaming(String path, JsonNode body) {
        return body.path("stream").asBoolean(false);
    }

    @Override
    public JsonNode other(String path, JsonNode body) {
        if (path.startsWith("/v1/messages/count_tokens")) return JSON.createObjectNode().put("input_tokens", 100);
        return null;
    }

    /** A subscription's limit: Claude Code reads the unified rate-limit headers for its "You've hit your…" line. */
    @Override
    public RateLimitError rateLimit(java.time.Instant resetAt, java.time.Instant now) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", "rate_limit_error")
                .put("message", "This request would exceed your account's rate limit. Please try again later.");
        long seconds = Math.max(1, resetAt.getEpochSecond() - now.getEpochSecond());
        return new RateLimitError(java.util.Map.of("anthropic-ratelimit-unified-status", "rejected",
                "anthropic-ratelimit-unified-reset", String.valueOf(resetAt.getEpochSecond()),
                "anthropic-ratelimit-unified-representative-claim", "five_hour",
                "retry-after", String.valueOf(seconds), "x-should-retry", "false"), body);
    }

    @Override
    public StubReply sideReply(JsonNode request) {
        return StubReply.text("OK");
    }

    @Override
    public JsonNode message(StubReply reply, JsonNode request) {
        ObjectNode msg = envelope(request);
        msg.withArray("content").add(block(reply, true));
        msg.put("stop_reason", reply.isToolCall() ? "tool_use" : "end_turn");
        return msg;
    }

    @Override
    public void stream(StubReply reply, JsonNode request, SseWriter sse) throws IOException {
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        start.set("message", envelope(request));
        sse.event("message_start", start);
        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.set("content_block", block(reply, false));
        sse.event("content_block_start", blockStart);
        ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        if (reply.isToolCall()) {
            delta.putObject("delta").put("type", "input_json_delta")
                    .put("partial_json", JSON.valueToTree(reply.toolInput()).toString());
        } else {
            delta.putObject("delta").put("type", "text_delta").put("text", reply.text());
        }
        sse.event("content_block_delta", delta);
        sse.event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", reply.isToolCall() ? "tool_use" : "end_turn").putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", 5);
        sse.event("message_delta", end);
        sse.event("message_stop", JSON.createObjectNode().put("type", "message_stop"));
    }

    private ObjectNode envelope(JsonNode request) {
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", "msg_stub_" + ids.incrementAndGet()).put("type", "message").put("role", "assistant")
                .put("model", request.path("model").asText("stub-model"));
        msg.putArray("content");
        msg.putNull("stop_reason").putNull("stop_sequence");
        msg.putObject("usage").put("input_tokens", 10).put("output_tokens", 1);
        return msg;
    }

    /** The content block; when streaming, a tool_use block starts with empty input and gets it as a delta. */
    private ObjectNode block(StubReply reply, boolean complete) {
        ObjectNode b = JSON.createObjectNode();
        if (reply.isToolCall()) {
            b.put("type", "tool_use").put("id", "toolu_stub_" + ids.incrementAndGet()).put("name", reply.toolName());
            b.set("input", complete ? JSON.valueToTree(reply.toolInput()) : JSON.createObjectNode());
        } else {
            b.put("type", "text").put("text", complete ? reply.text() : "");
        }
        return b;
    }
}
