package io.aiswarm.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.api.ApiRequest;
import io.aiswarm.api.ApiResponse;
import io.aiswarm.api.ApiRouter;
import io.aiswarm.api.ControlSocketServer;
import io.aiswarm.master.MasterListener;
import io.aiswarm.state.Json;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.view.SwarmActions;
import io.aiswarm.view.LiveView;
import io.aiswarm.master.WorkerStatus;
import io.aiswarm.state.StatusEvent;
import java.util.List;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the active master serves: always its local socket (master.sock: `swarm status`, `swarm top`, `swarm serve`),
 * and the web page when serve.json asks for it. Opened once the master's first scan is done (it holds the lease then,
 * and the view has the workers to show), before that round dispatches: delivering a round's tasks can take tens of
 * seconds (200 panes restarted by one tmux server on a busy machine), and the master must answer meanwhile. A standby
 * serves nothing until it takes over; closed with the master.
 */
public final class LiveServers implements MasterListener, AutoCloseable {
    /** The socket-only path by which `swarm serve` asks the master to open, move or close the page. */
    public static final String SERVE_PATH = "/control/serve";

    private final SwarmPaths paths;
    private final LiveView view;
    private final ApiRouter router;
    private final Consumer<String> log;
    private final Map<String, java.util.function.Function<ApiRequest, ApiResponse>> socketRoutes =
            new java.util.concurrent.ConcurrentHashMap<>();
    private boolean started;
    private ControlSocketServer control;
    private WebServer web;

    /** @param view fed by this listener: every round's observations go to it */
    public LiveServers(SwarmPaths paths, LiveView view, SwarmActions actions, Clock clock, Consumer<String> log) {
        this.paths = paths;
        this.view = view;
        this.router = new ApiRouter(view, actions, clock);
        this.log = log;
    }

    /** A path served only on the local socket (added before the master's first round opens it). */
    public LiveServers socketRoute(String path, java.util.function.Function<ApiRequest, ApiResponse> route) {
        socketRoutes.put(path, route);
        return this;
    }

    /** One API call answered here, as the socket and the page answer it. */
    public ApiResponse handle(ApiRequest request) {
        return router.handle(request);
    }

    @Override
    public void observed(Map<String, WorkerStatus> workers, List<StatusEvent> events) {
        view.observed(workers, events);
        if (!started) start();
    }

    private void start() {
        started = true;
        try {
            Map<String, java.util.function.Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>(socketRoutes);
            routes.put(SERVE_PATH, this::serve);
            control = ControlSocketServer.open(paths.controlSocket(), router, routes);
        } catch (IOException e) {
            log.accept("no local socket (swarm status and swarm top read the files instead): " + e.getMessage());
        }
        try {
            ServeSettings.read(paths.serveSettings()).ifPresent(this::openWeb);
        } catch (RuntimeException e) {
            log.accept("the web page is not served: " + e.getMessage());
        }
    }

    /** The page's address, when it is served. */
    public synchronized Optional<String> url() {
        return Optional.ofNullable(web).map(WebServer::url);
    }

    /** (Re)opens the page on {@code settings}; throws when the address cannot be bound. */
    private synchronized String openWeb(ServeSettings settings) {
        closeWeb();
        String token = settings.loopback() ? WebToken.read(paths.webToken()).orElse(null)
                : WebToken.loadOrCreate(paths.webToken()).token();
        try {
            web = WebServer.start(settings, token, router);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the page on " + settings.bind() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
        log.accept("web page at " + web.url() + (settings.loopback() ? "" : " (token required: see web.token)"));
        return web.url();
    }

    private synchronized void closeWeb() {
        if (web == null) return;
        web.close();
        log.accept("web page closed (" + web.url() + ")");
        web = null;
    }

    /** POST {"bind": …, "port": …} opens or moves the page; {"stop": true} closes it. Answers {"url": …}. */
    private ApiResponse serve(ApiRequest request) {
        if (!request.method().equals("POST")) return ApiResponse.error(405, "use POST");
        try {
            JsonNode body = Json.MAPPER.readTree(request.body().isBlank() ? "{}" : request.body());
            Map<String, Object> answer = new LinkedHashMap<>();
            if (body.path("stop").asBoolean(false)) {
                closeWeb();
                answer.put("url", null);
            } else {
                answer.put("url", openWeb(new ServeSettings(body.path("bind").asText(ServeSettings.DEFAULT_BIND),
                        body.path("port").asInt(ServeSettings.DEFAULT_PORT))));
            }
            return ApiResponse.ok(answer);
        } catch (IOException | IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage());
        } catch (IllegalStateException e) {
            return ApiResponse.error(409, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (web != null) web.close();
        web = null;
        if (control != null) control.close();
        control = null;
    }
}
