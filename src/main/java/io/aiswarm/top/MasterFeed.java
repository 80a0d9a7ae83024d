package io.aiswarm.top;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.api.ApiResponse;
import io.aiswarm.api.ControlSocketClient;
import io.aiswarm.state.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The running master's event stream and actions, over its local socket. */
public final class MasterFeed implements TopFeed {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private final ControlSocketClient client;
    private final ControlSocketClient.Stream stream;

    private MasterFeed(ControlSocketClient client, ControlSocketClient.Stream stream) {
        this.client = client;
        this.stream = stream;
    }

    /** Empty when no master listens on {@code client}'s socket. */
    public static Optional<MasterFeed> open(ControlSocketClient client) {
        return client.events(null).map(s -> new MasterFeed(client, s));
    }

    @Override
    public Update next() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        boolean reset = false;
        while (true) {
            ControlSocketClient.StreamEvent e = stream.next();
            if (e == null) return null;
            switch (e.name()) {
                case "snapshot" -> {
                    return new Update(Json.MAPPER.readTree(e.data()), events, reset);
                }
                case "status" -> events.add(Json.MAPPER.readTree(e.data()));
                case "reset" -> {
                    events.clear();
                    reset = true;
                }
                default -> {
                    // keep-alive
                }
            }
        }
    }

    @Override
    public JsonNode tasks() throws IOException {
        return call("GET", "/api/tasks?limit=500", "");
    }

    @Override
    public JsonNode task(String taskId) throws IOException {
        return call("GET", "/api/tasks/" + java.net.URLEncoder.encode(taskId, java.nio.charset.StandardCharsets.UTF_8),
                "");
    }

    @Override
    public JsonNode act(String path, String body) throws IOException {
        return call("POST", path, body);
    }

    private JsonNode call(String method, String path, String body) throws IOException {
        ApiResponse r = client.call(method, path, body, CALL_TIMEOUT)
                .orElseThrow(() -> new IOException("the master did not answer"));
        JsonNode json = Json.MAPPER.readTree(r.body());
        if (r.status() != 200 && r.status() != 201) throw new IOException(json.path("error").asText(r.body()));
        return json;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public void close() {
        stream.close();
    }
}
