package io.aiswarm.master;

import io.aiswarm.state.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Posts each new HELP to the person's webhook (AI_SWARM_NOTIFY_URL) as JSON: worker, task, why, and the command that
 * answers. Sent in the background with a time limit per try and a few retries after a growing pause, so a slow or
 * broken endpoint never holds up the master; a notice that still fails is logged, never raised.
 */
final class WebhookNotifier {
    static final String ENV_NOTIFY_URL = "AI_SWARM_NOTIFY_URL";
    static final int TRIES = 3;

    private final URI url;
    private final Duration timeLimit;
    private final Duration firstPause;
    private final Consumer<String> log;
    private final HttpClient client;

    /** Null when {@code url} is unset; an unusable one is refused with a message naming the setting. */
    static WebhookNotifier from(String url, Consumer<String> log) {
        if (url == null || url.isBlank()) return null;
        return new WebhookNotifier(parse(url.strip()), Duration.ofSeconds(5), Duration.ofSeconds(1), log);
    }

    static URI parse(String url) {
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) return uri;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(ENV_NOTIFY_URL + " '" + url + "' is not an http:// or https:// URL;"
                + " unset it or give one like https://hooks.example.com/swarm");
    }

    WebhookNotifier(URI url, Duration timeLimit, Duration firstPause, Consumer<String> log) {
        this.url = url;
        this.timeLimit = timeLimit;
        this.firstPause = firstPause;
        this.log = log;
        this.client = HttpClient.newBuilder().connectTimeout(timeLimit).build();
    }

    /** Starts sending; returns at once. The future ends when the notice was taken (true) or given up (false). */
    CompletableFuture<Boolean> notifyHelp(String workerId, String taskId, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("worker", workerId);
        body.put("task", taskId);
        body.put("why", message);
        body.put("answer", "swarm answer " + workerId + " yes|no|cancel");
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(timeLimit).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            log.accept(ENV_NOTIFY_URL + ": cannot write the notice: " + e.getMessage());
            return CompletableFuture.completedFuture(false);
        }
        return attempt(request, 1, workerId);
    }

    private CompletableFuture<Boolean> attempt(HttpRequest request, int attempt, String workerId) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) return CompletableFuture.completedFuture(true);
            String why = error != null ? String.valueOf(error.getMessage()) : "HTTP " + response.statusCode();
            if (attempt >= TRIES) {
                log.accept(ENV_NOTIFY_URL + ": the HELP notice for " + workerId + " was not taken after " + TRIES
                        + " tries (" + why + ")");
                return CompletableFuture.completedFuture(false);
            }
            long pause = firstPause.toMillis() << (attempt - 1);
            return CompletableFuture.supplyAsync(() -> null,
                    CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> attempt(request, attempt + 1, workerId));
        }).thenCompose(f -> f);
    }
}
