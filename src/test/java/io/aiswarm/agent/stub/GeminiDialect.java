package io.aiswarm.agent.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Gemini API: {@code POST /v1beta/models/MODEL:generateContent}, {@code :streamGenerateContent} (SSE with
 * {@code alt=sse}) and {@code :countTokens}.
 */
final class GeminiDialect implements ApiDialect {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public boolean handles(String method, String path) {
        return path.contains("/models/") && path.contains(":");
    }

    @Override
    public boolean isAgentTurn(String path, JsonNode body) {
        return path.contains(":streamGenerateContent") && body.path("tools").size() > 0;
    }

    @Override
    public boolean isStreaming(String path, JsonNode body) {
        return path.contains(":streamGenerateContent");
    }

    @Override
    public JsonNode other(String path, JsonNode body) {
        if (path.contains(":countTokens")) return JSON.createObjectNode().put("totalTokens", 100);
        return null;
    }

    /** A daily quota used up (RESOURCE_EXHAUSTED with a per-day QuotaFailure and a RetryInfo delay). */
    @Override
    public RateLimitError rateLimit(java.time.Instant resetAt, java.time.Instant now) {
        long seconds = Math.max(1, resetAt.getEpochSecond() - now.getEpochSecond());
        ObjectNode error = JSON.createObjectNode();
        ObjectNode e = error.putObject("error").put("code", 429)
                .put("message", "You exceeded your current quota, please check your plan and billing details.")
                .put("status", "RESOURCE_EXHAUSTED");
        var details = e.putArray("details");
        ObjectNode failure = details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure");
        failure.putArray("violations").addObject()
                .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests")
                .put("quotaId", "GenerateRequestsPerDayPerProjectPerModel-FreeTier");
        details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", seconds + "s");
        return new RateLimitError(java.util.Map.of(), error);
    }

    /** Side calls ask for JSON (next-speaker check, model router): one object that satisfies the known ones. */
    @Override
    public StubReply sideReply(JsonNode request) {
        if ("application/json".equals(request.path("generationConfig").path("responseMimeType").asText())) {
            return StubReply.text("{\"next_speaker\":\"user\",\"reasoning\":\"stub\",\"model_choice\":\"flash\"}");
        }
        return StubReply.text("OK");
    }

    @Override
    public JsonNode message(StubReply reply, JsonNode request) {
        ObjectNode r = JSON.createObjectNode();
        ObjectNode candidate = r.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content").put("role", "model");
        ObjectNode part = content.putArray("parts").addObject();
        if (reply.isToolCall()) {
            part.putObject("functionCall").put("name", reply.toolName()).set("args", JSON.valueToTree(reply.toolInput()));
        } else {
            part.put("text", reply.text());
        }
        candidate.put("finishReason", "STOP").put("index", 0);
        r.putObject("usageMetadata").put("promptTokenCount", 10).put("candidatesTokenCount", 5)
                .put("totalTokenCount", 15);
        r.put("modelVersion", "stub-model");
        return r;
    }

    @Override
    public void stream(StubReply reply, JsonNode request, SseWriter sse) throws IOException {
        sse.event(null, message(reply, request));
    }
}
