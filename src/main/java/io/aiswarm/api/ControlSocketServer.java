package io.aiswarm.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import io.aiswarm.view.Requester;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The active master's local endpoint: a Unix domain socket in the swarm directory (mode 0700, so only its owner can
 * connect), speaking the API in JSON lines. A client writes one request line
 * ({@code {"method":"GET","target":"/api/status?format=table","body":"…","via":"cli"}}) and reads one response line
 * ({@code {"status":200,"content_type":"…","body":"…"}}), or, for /api/events, one line per event
 * ({@code {"event":"snapshot","id":null,"data":"…"}}) until it closes the connection. `swarm status`, `swarm top` and
 * `swarm serve` use it; nothing listens on the network. A request that starts with an HTTP request line is answered in
 * HTTP instead ({@link SocketHttp}): bin/swarm's curl client.
 */
public final class ControlSocketServer implements AutoCloseable {
    private static final int MAX_REQUEST = 1 << 20;

    private final Path path;
    private final ServerSocketChannel server;
    private final ApiRouter router;
    private final Map<String, Function<ApiRequest, ApiResponse>> localRoutes;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "swarm-control-connection");
        t.setDaemon(true);
        return t;
    });
    private final Thread acceptor;
    private volatile boolean open = true;

    private ControlSocketServer(Path path, ServerSocketChannel server, ApiRouter router,
                                Map<String, Function<ApiRequest, ApiResponse>> localRoutes) {
        this.path = path;
        this.server = server;
        this.router = router;
        this.localRoutes = Map.copyOf(localRoutes);
        this.acceptor = new Thread(this::accept, "swarm-control-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Binds {@code path} (a socket file left by a master that died is replaced; only the lease holder calls this).
     *
     * @param localRoutes paths served only here, never over the web (e.g. asking the master to serve the page)
     */
    public static ControlSocketServer open(Path path, ApiRouter router,
                                           Map<String, Function<ApiRequest, ApiResponse>> localRoutes)
            throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                throw new IOException(path + " exists and is not a socket; remove it");
            }
            Files.delete(path);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
        return new ControlSocketServer(path, server, router, localRoutes);
    }

    public Path path() {
        return path;
    }

    private void accept() {
        while (open) {
            try {
                SocketChannel client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!open) return;
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client; OutputStream out = Channels.newOutputStream(client)) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(client));
            String line = readLine(in);
            if (line == null) return;
            if (SocketHttp.isRequestLine(line)) {
                serveHttp(line, in, out);
                return;
            }
            ApiRequest request;
            try {
                JsonNode json = Json.MAPPER.readTree(line);
                String via = json.path("via").asText("cli");
                request = ApiRequest.of(json.path("method").asText("GET"), json.path("target").asText("/"),
                        json.path("body").asText(""), new Requester(via, System.getProperty("user.name", "owner"),
                                "local socket"), json.hasNonNull("last_event_id") ? json.get("last_event_id").asText()
                                : null);
            } catch (IOException | IllegalArgumentException e) {
                write(out, response(ApiResponse.error(400, "bad request line: " + e.getMessage())));
                return;
            }
            if (ApiRouter.isEventStream(request)) {
                router.stream(request, new LineSink(out), () -> open);
                return;
            }
            write(out, response(answer(request)));
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ApiResponse answer(ApiRequest request) {
        Function<ApiRequest, ApiResponse> local = localRoutes.get(request.path());
        return local != null ? local.apply(request) : router.handle(request);
    }

    /** A request from curl (see {@link SocketHttp}); the event stream stays with the JSON-lines protocol. */
    private void serveHttp(String requestLine, InputStream in, OutputStream out) throws IOException {
        ApiRequest request;
        try {
            request = SocketHttp.read(requestLine, in, out, MAX_REQUEST);
        } catch (IOException | IllegalArgumentException e) {
            SocketHttp.write(out, ApiResponse.error(400, "bad request: " + e.getMessage()));
            return;
        }
        SocketHttp.write(out, ApiRouter.isEventStream(request)
                ? ApiResponse.error(400, "the event stream is served in JSON lines here (see docs/dashboard.md)")
                : answer(request));
    }

    /** The first line, as bytes up to '\n' decoded as UTF-8; null when the client sent nothing. */
    private static String readLine(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.size() >= MAX_REQUEST) throw new IOException("request line too long");
            line.write(c);
        }
        return c < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> response(ApiResponse r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", r.status());
        json.put("content_type", r.contentType());
        json.put("body", r.body());
        return json;
    }

    private static void write(OutputStream out, Map<String, Object> json) throws IOException {
        out.write(Json.MAPPER.writeValueAsBytes(json));
        out.write('\n');
        out.flush();
    }

    private static final class LineSink implements EventSink {
        private final OutputStream out;

        LineSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void event(String name, String id, String data) throws IOException {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("event", name);
            json.put("id", id);
            json.put("data", data);
            write(out, json);
        }

        @Override
        public void keepAlive() throws IOException {
            event("keep-alive", null, "");
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        connections.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a later master replaces it
        }
    }
}
