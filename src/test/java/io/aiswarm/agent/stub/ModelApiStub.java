package io.aiswarm.agent.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback stand-in for the model APIs the agent CLIs call (Anthropic Messages, OpenAI Responses, Gemini), so real
 * CLIs run offline with replies a test scripts. Main agent turns (requests that offer tools) take the scripted
 * replies in order, then get "Done."; side calls (titles, quota checks) get a harmless fallback. Every request is
 * recorded. Listens on 127.0.0.1 on a free port.
 */
public final class ModelApiStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "model-api-stub");
        t.setDaemon(true);
        return t;
    });
    private final List<ApiDialect> dialects = List.of(new AnthropicDialect(), new OpenAiResponsesDialect(),
            new GeminiDialect());
    private final Deque<StubReply> script = new ConcurrentLinkedDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile StubReply whenScriptEmpty = StubReply.text("Done.");

    private ModelApiStub(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static ModelApiStub start() {
        try {
            return new ModelApiStub(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the model API stub on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** Queues replies for the next main agent turns, in order. */
    public ModelApiStub script(StubReply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply for agent turns once the script is used up (default "Done."). */
    public ModelApiStub whenScriptEmpty(StubReply reply) {
        this.whenScriptEmpty = reply;
        return this;
    }

    public int remainingScript() {
        return script.size();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Agent turns received (requests that took a scripted or end-of-script reply). */
    public List<RecordedRequest> agentTurns() {
        return requests.stream().filter(RecordedRequest::scripted).toList();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** e.g. {@code http://127.0.0.1:PORT}: ANTHROPIC_BASE_URL, GOOGLE_GEMINI_BASE_URL; Codex wants {@code + "/v1"}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = parse(raw);
            ApiDialect dialect = dialects.stream().filter(d -> d.handles(method, path)).findFirst().orElse(null);
            if (dialect == null || !"POST".equals(method)) {
                record(dialect == null ? "unknown" : dialect.name(), exchange, path, body, false);
                sendJson(exchange, 404, error("no stub for " + method + " " + path));
                return;
            }
            JsonNode other = dialect.other(path, body);
            if (other != null) {
                record(dialect.name(), exchange, path, body, false);
                sendJson(exchange, 200, other);
                return;
            }
            boolean agentTurn = dialect.isAgentTurn(path, body);
            record(dialect.name(), exchange, path, body, agentTurn);
            StubReply reply = agentTurn ? next() : dialect.sideReply(body);
            sleep(reply);
            if (reply.isRateLimit()) {
                java.time.Instant now = java.time.Instant.now();
                ApiDialect.RateLimitError limit = dialect.rateLimit(now.plus(reply.limitResetIn()), now);
                limit.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                sendJson(exchange, 429, limit.body());
                return;
            }
            if (dialect.isStreaming(path, body)) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.sendResponseHeaders(200, 0);
                dialect.stream(reply, body, new SseWriter(exchange.getResponseBody()));
            } else {
                sendJson(exchange, 200, dialect.message(reply, body));
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent garbage; the request is recorded, nothing else to do
        }
    }

    private StubReply next() {
        StubReply r = script.pollFirst();
        return r != null ? r : whenScriptEmpty;
    }

    private static void sleep(StubReply reply) {
        if (reply.delay().isZero()) return;
        try {
            Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(String api, HttpExchange exchange, String path, JsonNode body, boolean scripted) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(new RecordedRequest(api, exchange.getRequestMethod(), query == null ? path : path + "?" + query,
                headers, body, scripted));
    }

    private static JsonNode parse(byte[] raw) {
        if (raw.length == 0) return JSON.createObjectNode();
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return JSON.createObjectNode().put("_unparsed", new String(raw, StandardCharsets.UTF_8));
        }
    }

    private static ObjectNode error(String message) {
        ObjectNode e = JSON.createObjectNode().put("type", "error");
        e.putObject("error").put("type", "not_found_error").put("message", message);
        return e;
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if ("HEAD".equals(exchange.getRequestMethod())) { // a CLI's reachability probe: headers only, no body
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
