package io.aiswarm.agent.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/** OpenAI Responses API as Codex uses it: {@code POST /v1/responses} (SSE when {@code stream} is true). */
final class OpenAiResponsesDialect implements ApiDialect {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public String name() {
        return "openai-responses";
    }

    @Override
    public boolean handles(String method, String path) {
        return path.startsWith("/v1/responses") || path.startsWith("/responses");
    }

    @Override
    public boolean isAgentTurn(String path, JsonNode body) {
        return body.path("tools").size() > 0;
    }

    @Override
    public boolean isStreaming(String path, JsonNode body) {
        return body.path("stream").asBoolean(false);
    }

    /** The ChatGPT plan's limit as Codex parses it: error type {@code usage_limit_reached} with {@code resets_at}. */
    @Override
    public RateLimitError rateLimit(java.time.Instant resetAt, java.time.Instant now) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("type", "usage_limit_reached").put("message", "The usage limit has been reached")
                .put("plan_type", "plus").put("resets_at", resetAt.getEpochSecond())
                .put("resets_in_seconds", Math.max(1, resetAt.getEpochSecond() - now.getEpochSecond()));
        return new RateLimitError(java.util.Map.of(), body);
    }

    @Override
    public StubReply sideReply(JsonNode request) {
        return StubReply.text("OK");
    }

    @Override
    public JsonNode message(StubReply reply, JsonNode request) {
        ObjectNode response = response(request, "completed");
        response.withArray("output").add(item(reply));
        return response;
    }

    @Override
    public void stream(StubReply reply, JsonNode request, SseWriter sse) throws IOException {
        ObjectNode created = JSON.createObjectNode().put("type", "response.created");
        created.set("response", response(request, "in_progress"));
        sse.event("response.created", created);
        ObjectNode item = item(reply);
        if (!reply.isToolCall()) {
            ObjectNode delta = JSON.createObjectNode().put("type", "response.output_text.delta")
                    .put("item_id", item.path("id").asText()).put("output_index", 0).put("content_index", 0)
                    .put("delta", reply.text());
            sse.event("response.output_text.delta", delta);
        }
        ObjectNode done = JSON.createObjectNode().put("type", "response.output_item.done").put("output_index", 0);
        done.set("item", item);
        sse.event("response.output_item.done", done);
        ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
        ObjectNode response = response(request, "completed");
        response.withArray("output").add(item);
        completed.set("response", response);
        sse.event("response.completed", completed);
    }

    private ObjectNode response(JsonNode request, String status) {
        ObjectNode r = JSON.createObjectNode().put("id", "resp_stub_" + ids.incrementAndGet()).put("object", "response")
                .put("status", status).put("model", request.path("model").asText("stub-model"));
        r.putArray("output");
        r.putObject("usage").put("input_tokens", 10).put("output_tokens", 5).put("total_tokens", 15);
        return r;
    }

    private ObjectNode item(StubReply reply) {
        ObjectNode item = JSON.createObjectNode();
        if (reply.isToolCall()) {
            item.put("type", "function_call").put("id", "fc_stub_" + ids.incrementAndGet())
                    .put("call_id", "call_stub_" + ids.incrementAndGet()).put("name", reply.toolName())
                    .put("arguments", JSON.valueToTree(reply.toolInput()).toString()).put("status", "completed");
        } else {
            item.put("type", "message").put("id", "msg_stub_" + ids.incrementAndGet()).put("role", "assistant")
                    .put("status", "completed");
            item.putArray("content").addObject().put("type", "output_text").put("text", reply.text())
                    .putArray("annotations");
        }
        return item;
    }
}
