package io.aiswarm.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.api.ApiRouter;
import io.aiswarm.master.PaneState;
import io.aiswarm.master.WorkerStatus;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.file.FileTaskQueue;
import io.aiswarm.view.LiveView;
import io.aiswarm.view.QueueActions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web server over real HTTP on loopback (no master: the view is fed by hand): the page and its headers, the
 * access rules with and without the token, and the event stream's resume after Last-Event-ID.
 */
class WebServerTest {
    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private LiveView view;
    private ApiRouter router;
    private WebServer server;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.systemUTC();
        SwarmPaths paths = SwarmPaths.of(dir);
        FileTaskQueue queue = new FileTaskQueue(paths.tasksFile(), clock);
        view = new LiveView("c1", queue, paths, null, () -> "pid 1", clock);
        router = new ApiRouter(view, new QueueActions(queue, null, clock, line -> { }), clock);
        view.observed(Map.of("worker-0", new WorkerStatus("worker-0", BroadcastState.START, "t1", Instant.now(),
                "<img src=x onerror=alert(1)>", true, Instant.now(), PaneState.ALIVE, 0, 0, null)), List.of(event(1)));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static StatusEvent event(int n) {
        return new StatusEvent(Instant.parse("2026-01-31T12:00:00Z").plusSeconds(n), "worker-0", "t" + n,
                BroadcastState.START, "event " + n, null);
    }

    private String start(boolean tokenRequired) throws Exception {
        server = WebServer.start(new ServeSettings("127.0.0.1", 0), "s3cret-token", tokenRequired, router);
        return server.url();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrfOf(String page) {
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void thePageComesFromTheJarWithAStrictPolicyAndActionsNeedItsCsrfToken() throws Exception {
        String url = start(false);
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(url)));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.body()).contains("<script src=\"/app.js\"").doesNotContain("http://").doesNotContain("https://");
        HttpResponse<String> js = send(HttpRequest.newBuilder(URI.create(url + "app.js")));
        assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(js.body()).contains("textContent").doesNotContain("innerHTML");
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "app.css"))).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "nothing.html"))).statusCode()).isEqualTo(404);

        // pane and message text travel as JSON strings, never as markup
        HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create(url + "api/status")));
        assertThat(status.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(status.body()).contains("<img src=x onerror=alert(1)>");

        String add = "{\"command\": \"echo hi\"}";
        HttpResponse<String> noCsrf = send(HttpRequest.newBuilder(URI.create(url + "api/tasks"))
                .POST(HttpRequest.BodyPublishers.ofString(add)));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        String csrf = csrfOf(page.body());
        HttpResponse<String> otherSite = send(HttpRequest.newBuilder(URI.create(url + "api/tasks"))
                .header("X-CSRF-Token", csrf).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(add)));
        assertThat(otherSite.statusCode()).isEqualTo(403);
        assertThat(otherSite.body()).contains("cross-origin");
        String origin = url.substring(0, url.length() - 1);
        HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(url + "api/tasks"))
                .header("X-CSRF-Token", csrf).header("Origin", origin).header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(add)));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(view.tasks()).hasSize(1);
    }

    @Test
    void aForeignHostNameIsRefusedOnLoopback() throws Exception {
        String url = start(false);
        int port = URI.create(url).getPort();
        // what a DNS-rebinding page would send: its own name for our address
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET /api/status HTTP/1.1\r\nHost: evil.example:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 403").contains("loopback host name");
        }
    }

    @Test
    void withATokenEveryRequestNeedsItAndTheLoginLinkSetsACookie() throws Exception {
        String url = start(true);
        assertThat(send(HttpRequest.newBuilder(URI.create(url))).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "api/status"))).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "?token=wrong"))).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "api/status"))
                .header("Authorization", "Bearer s3cret-token")).statusCode()).isEqualTo(200);
        // a script with the token acts without a page
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "api/tasks")).header("Authorization", "Bearer s3cret-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\": \"true\"}"))).statusCode()).isEqualTo(201);

        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(url + "?token=s3cret-token")));
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", pair));
        assertThat(page.statusCode()).isEqualTo(200);
        // the cookie alone does not make an action: the page's CSRF token must come with it
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "api/tasks")).header("Cookie", pair)
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\": \"true\"}"))).statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "api/tasks")).header("Cookie", pair)
                .header("X-CSRF-Token", csrfOf(page.body()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\": \"true\"}"))).statusCode()).isEqualTo(201);
    }

    @Test
    void theEventStreamResumesAfterLastEventIdWithTheEventsMissedMeanwhile() throws Exception {
        String url = start(false);
        long first = view.eventsAfter(0).events().get(0).seq();
        view.observed(view.snapshot().workers(), List.of(event(2), event(3)));
        HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(url + "api/events"))
                .header("Last-Event-ID", Long.toString(first)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("event: snapshot")) break;
            }
        }
        List<String> ids = lines.stream().filter(l -> l.startsWith("id: ")).toList();
        assertThat(ids).containsExactly("id: " + (first + 1), "id: " + (first + 2));
        assertThat(lines).contains("retry: 1000").anyMatch(l -> l.contains("\"message\":\"event 3\""));
    }
}
