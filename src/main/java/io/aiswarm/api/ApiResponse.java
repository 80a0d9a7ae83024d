package io.aiswarm.api;

import io.aiswarm.state.Json;
import java.util.Map;

/** An API answer: HTTP status, content type and body text (JSON unless said otherwise). */
public record ApiResponse(int status, String contentType, String body) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    public static ApiResponse json(int status, Object value) {
        try {
            return new ApiResponse(status, JSON, Json.MAPPER.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static ApiResponse ok(Object value) {
        return json(200, value);
    }

    public static ApiResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    public static ApiResponse text(String text) {
        return new ApiResponse(200, TEXT, text);
    }
}
