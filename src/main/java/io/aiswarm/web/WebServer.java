package io.aiswarm.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aiswarm.api.ApiRequest;
import io.aiswarm.api.ApiResponse;
import io.aiswarm.api.ApiRouter;
import io.aiswarm.api.EventSink;
import io.aiswarm.view.Requester;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web page and its API on the JDK's HTTP server: {@code /} (the page, its script and style, all from the jar),
 * {@code /api/…} ({@link ApiRouter}), {@code /api/events} as server-sent events. Access rules in {@link WebAccess}.
 * Idle, it costs a selector thread that wakes once a second and one parked thread per open page.
 */
public final class WebServer implements AutoCloseable {
    /** Open pages (event streams) at most; each holds a thread. */
    static final int MAX_STREAMS = 32;
    private static final int MAX_BODY = 1 << 20;
    /** The page's CSRF token and how the caller is known; readable only by the page itself (no CORS). */
    static final String SESSION_PATH = "/api/session";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> STATIC = Map.of(
            "/app.js", "text/javascript; charset=utf-8",
            "/app.css", "text/css; charset=utf-8");

    private final HttpServer server;
    private final ThreadPoolExecutor threads;
    private final ApiRouter router;
    private final WebAccess access;
    private final ServeSettings settings;
    private final AtomicInteger streams = new AtomicInteger();
    private final byte[] page;
    private final Map<String, byte[]> files = new java.util.HashMap<>();
    private volatile boolean open = true;

    private WebServer(ServeSettings settings, ApiRouter router, WebAccess access) throws IOException {
        this.settings = settings;
        this.router = router;
        this.access = access;
        this.page = resource("index.html").replace("{{CSRF}}", access.csrf()).getBytes(StandardCharsets.UTF_8);
        for (String path : STATIC.keySet()) files.put(path, resource(path.substring(1)).getBytes(StandardCharsets.UTF_8));
        this.server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 64);
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(1, MAX_STREAMS + 8, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "swarm-web-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Serves on {@code settings}; beyond loopback {@code token} is required for everything.
     *
     * @param token the token (from web.token), or null to serve loopback without one
     */
    public static WebServer start(ServeSettings settings, String token, ApiRouter router) throws IOException {
        return start(settings, token, !settings.loopback(), router);
    }

    /** With the token required or not whatever the address (tests ask for it on loopback). */
    static WebServer start(ServeSettings settings, String token, boolean tokenRequired, ApiRouter router)
            throws IOException {
        return new WebServer(settings, router, new WebAccess(token, tokenRequired));
    }

    /** The address to open, e.g. http://127.0.0.1:8420/ (the port actually bound when 0 was asked). */
    public String url() {
        String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        return "http://" + host + ":" + server.getAddress().getPort() + "/";
    }

    public ServeSettings settings() {
        return settings;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (path.equals("/") && method.equals("GET") && ex.getRequestURI().getRawQuery() != null
                    && ex.getRequestURI().getRawQuery().startsWith("token=")) {
                login(ex, ex.getRequestURI().getQuery().substring("token=".length()));
                return;
            }
            boolean action = !method.equals("GET") && !method.equals("HEAD");
            WebAccess.Verdict verdict = access.check(ex.getRequestHeaders(), action);
            if (!verdict.allowed()) {
                send(ex, ApiResponse.error(verdict.status(), verdict.reason()));
                return;
            }
            if (!path.startsWith("/api/")) {
                page(ex, path);
                return;
            }
            if (path.equals(SESSION_PATH)) {
                // a page open across a master's restart asks again: each server has its own CSRF token
                send(ex, ApiResponse.ok(Map.of("csrf", access.csrf(), "who", verdict.who())));
                return;
            }
            String target = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            Requester who = new Requester("web", verdict.who(), ex.getRemoteAddress().getAddress().getHostAddress()
                    + ":" + ex.getRemoteAddress().getPort());
            ApiRequest request = ApiRequest.of(method, target, body(ex), who,
                    ex.getRequestHeaders().getFirst("Last-Event-ID"));
            if (ApiRouter.isEventStream(request)) {
                events(ex, request);
            } else {
                send(ex, router.handle(request));
            }
        } catch (IllegalArgumentException e) {
            send(ex, ApiResponse.error(400, e.getMessage()));
        }
    }

    private void login(HttpExchange ex, String token) throws IOException {
        if (!access.accepts(token)) {
            send(ex, ApiResponse.error(401, "wrong token"));
            return;
        }
        ex.getResponseHeaders().add("Set-Cookie", WebAccess.COOKIE + "=" + token
                + "; HttpOnly; SameSite=Strict; Path=/");
        ex.getResponseHeaders().set("Location", "/");
        ex.sendResponseHeaders(303, -1);
    }

    private void page(HttpExchange ex, String path) throws IOException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            send(ex, ApiResponse.error(405, "use GET"));
            return;
        }
        if (path.equals("/") || path.equals("/index.html")) {
            ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            ex.getResponseHeaders().set("X-Frame-Options", "DENY");
            bytes(ex, 200, "text/html; charset=utf-8", page);
        } else if (STATIC.containsKey(path)) {
            bytes(ex, 200, STATIC.get(path), files.get(path));
        } else {
            send(ex, ApiResponse.error(404, "no page " + path));
        }
    }

    private void events(HttpExchange ex, ApiRequest request) throws IOException {
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            send(ex, ApiResponse.error(503, "too many open pages (" + MAX_STREAMS + "); close some"));
            return;
        }
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8)); // reconnect after a second
            out.flush();
            router.stream(request, new SseSink(out), () -> open);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the page went away
        } finally {
            streams.decrementAndGet();
        }
    }

    private static final class SseSink implements EventSink {
        private final OutputStream out;

        SseSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void event(String name, String id, String data) throws IOException {
            StringBuilder b = new StringBuilder("event: ").append(name).append('\n');
            if (id != null) b.append("id: ").append(id).append('\n');
            for (String line : data.split("\n", -1)) b.append("data: ").append(line).append('\n');
            out.write(b.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void keepAlive() throws IOException {
            out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) throw new IllegalArgumentException("request body over 1 MiB");
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange ex, ApiResponse r) throws IOException {
        bytes(ex, r.status(), r.contentType(), r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) ex.getResponseBody().write(body);
    }

    private static String resource(String name) {
        try (InputStream in = WebServer.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource io/aiswarm/web/" + name + " in the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        open = false;
        server.stop(0);
        threads.shutdownNow();
    }
}
