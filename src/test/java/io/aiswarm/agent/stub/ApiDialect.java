package io.aiswarm.agent.stub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** One model API's wire format: which requests it owns, and how a scripted reply is written as JSON or SSE. */
interface ApiDialect {
    String name();

    boolean handles(String method, String path);

    /** A main agent turn (one that offers tools) takes the next scripted reply; side calls get a fallback. */
    boolean isAgentTurn(String path, JsonNode body);

    boolean isStreaming(String path, JsonNode body);

    /** Writes a complete non-streaming JSON body. */
    JsonNode message(StubReply reply, JsonNode request);

    void stream(StubReply reply, JsonNode request, SseWriter sse) throws IOException;

    /** The fallback for side calls (titles, quota checks, classifiers). */
    StubReply sideReply(JsonNode request);

    /** Requests on the API's other endpoints (token counting...); null when unknown (404). */
    default JsonNode other(String path, JsonNode body) {
        return null;
    }

    /** The provider's rate-limit error as its API sends it: status 429, headers, JSON body. */
    RateLimitError rateLimit(java.time.Instant resetAt, java.time.Instant now);

    record RateLimitError(java.util.Map<String, String> headers, JsonNode body) {
    }

}
