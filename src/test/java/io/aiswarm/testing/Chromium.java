package io.aiswarm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiswarm.state.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium from the distribution's packages, driven over the DevTools protocol (a WebSocket, with
 * the JDK's client): open a page, run JavaScript in it, take a screenshot. Installed with apt-get when missing and
 * allowed (root); a test that needs it is skipped, saying why, when it cannot be had.
 */
public final class Chromium implements AutoCloseable {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static volatile String unavailable;

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private Chromium(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The browser, installed first if needed; skips the calling test with the reason when there is none. */
    public static synchronized Path require() {
        Optional<Path> found = find();
        if (found.isPresent()) return found.get();
        if (unavailable == null) unavailable = install();
        found = find();
        Assumptions.assumeTrue(found.isPresent(), () -> "headless Chromium is not installed and could not be "
                + "installed from Debian's packages (apt-get install chromium): " + unavailable
                + "; the page tests are skipped");
        return found.get();
    }

    private static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : NAMES) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String install() {
        if (!"root".equals(System.getProperty("user.name"))) return "not root, so apt-get cannot run here";
        try {
            for (List<String> step : List.of(List.of("apt-get", "update", "-qq"),
                    List.of("apt-get", "install", "-y", "-qq", "chromium"))) {
                ProcessBuilder pb = new ProcessBuilder(step).redirectErrorStream(true);
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    return String.join(" ", step) + " failed: " + out.strip();
                }
            }
            return "apt-get installed nothing usable";
        } catch (IOException e) {
            return "apt-get is not available: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Starts a headless browser with a fresh profile in {@code profile}. */
    public static Chromium launch(Path profile) throws IOException, InterruptedException {
        Path binary = require();
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "about:blank"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile());
        // its sockets and scratch files stay in the test's directory, removed with it
        pb.environment().put("TMPDIR", Files.createDirectories(profile.resolve("tmp")).toString());
        Process p = pb.start();
        Path active = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(active) || Files.readAllLines(active).isEmpty()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        return new Chromium(p, Integer.parseInt(Files.readAllLines(active).get(0).strip()));
    }

    /** A new tab showing {@code url}. */
    public Page open(String url) throws IOException, InterruptedException {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/json/new?" + URLEncoder.encode(url, StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode target = Json.MAPPER.readTree(created.body());
        Page page = new Page();
        page.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(target.path("webSocketDebuggerUrl").asText()), page.listener).join();
        return page;
    }

    /** One tab: commands and their answers over its DevTools WebSocket. */
    public static final class Page implements AutoCloseable {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
        private WebSocket socket;
        private final WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    try {
                        JsonNode json = Json.MAPPER.readTree(message.toString());
                        CompletableFuture<JsonNode> f = json.has("id") ? waiting.remove(json.get("id").asInt()) : null;
                        if (f != null) f.complete(json);
                    } catch (IOException e) {
                        // not JSON: ignored
                    }
                    message.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };

        public JsonNode send(String method, Map<String, Object> params) throws IOException {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            waiting.put(id, answer);
            ObjectNode call = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
            call.set("params", Json.MAPPER.valueToTree(params));
            socket.sendText(Json.MAPPER.writeValueAsString(call), true).join();
            JsonNode reply = answer.orTimeout(60, TimeUnit.SECONDS).join();
            if (reply.has("error")) throw new IOException(method + " failed: " + reply.get("error"));
            return reply.path("result");
        }

        /** Evaluates {@code js} in the page (awaiting a promise) and returns its value as JSON. */
        public JsonNode eval(String js) throws IOException {
            JsonNode result = send("Runtime.evaluate", Map.of("expression", js, "returnByValue", true,
                    "awaitPromise", true));
            if (result.has("exceptionDetails")) throw new IOException("script failed: " + result.get("exceptionDetails"));
            return result.path("result").path("value");
        }

        /** A PNG of the page at this size. */
        public void screenshot(Path png, int width, int height) throws IOException {
            send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 1, "mobile", false));
            JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
        }

        @Override
        public void close() {
            if (socket != null) socket.abort();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
