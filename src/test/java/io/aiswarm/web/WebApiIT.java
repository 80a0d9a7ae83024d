package io.aiswarm.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import io.aiswarm.testing.LiveSwarm;
import io.aiswarm.api.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web API of a running master (its own JVM, real tmux), over real HTTP, as the page and scripts use it. */
class WebApiIT {
    private static final Pattern URL = Pattern.compile("web page at (http://\\S+)");
    @TempDir
    Path tmp;
    private LiveSwarm swarm;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String url;
    private String csrf;

    @BeforeEach
    void start() throws Exception {
        swarm = LiveSwarm.start(tmp, 2);
        url = serve("--port", "0");
        Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(get("").body());
        assertThat(m.find()).isTrue();
        csrf = m.group(1);
    }

    @AfterEach
    void stop() {
        if (swarm != null) swarm.close();
    }

    private String serve(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(args));
        LiveSwarm.Run run = swarm.swarm(all.toArray(String[]::new));
        assertThat(run.exit()).as(run.out()).isZero();
        Matcher m = URL.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String add(String command) throws Exception {
        HttpResponse<String> r = post("api/tasks", Json.MAPPER.writeValueAsString(java.util.Map.of("command", command)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body()).path("tasks").get(0).path("task_id").asText();
    }

    private String taskStatus(String id) throws Exception {
        return getJson("api/tasks/" + id).path("task").path("status").asText();
    }

    @Test
    void workersTasksAndTheirActionsOverHttp() throws Exception {
        JsonNode status = getJson("api/status");
        assertThat(status.path("workers")).extracting(w -> w.path("worker_id").asText())
                .containsExactly("worker-0", "worker-1");
        assertThat(status.path("master").asText()).contains("pid " + swarm.master().pid());

        String a = add("sleep 600");
        String b = add("sleep 600");
        String c = add("echo third");
        await().atMost(LiveSwarm.WAIT).until(() -> taskStatus(a).equals("running") && taskStatus(b).equals("running"));
        assertThat(taskStatus(c)).isEqualTo("pending"); // both workers are busy
        assertThat(getJson("api/tasks?status=running").path("tasks")).hasSize(2);

        assertThat(Json.MAPPER.readTree(post("api/tasks/" + c + "/cancel", "").body()).path("task").path("status")
                .asText()).isEqualTo("cancelled");
        HttpResponse<String> twice = post("api/tasks/" + c + "/cancel", "");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("already cancelled");
        assertThat(Json.MAPPER.readTree(post("api/tasks/" + c + "/retry", "").body()).path("task").path("status")
                .asText()).isEqualTo("pending");
        // a running task is stopped by the master once cancelled: its worker takes the pending one
        post("api/tasks/" + a + "/cancel", "");
        await().atMost(LiveSwarm.WAIT).until(() -> taskStatus(c).equals("done"));
        assertThat(getJson("api/tasks/" + c).path("result").asText()).contains("third");

        JsonNode pane = getJson("api/workers/worker-1/pane?lines=5");
        assertThat(pane.path("text").isTextual()).isTrue();
        assertThat(swarm.masterLog()).contains("via web from 127.0.0.1").contains("cancelled " + a);
    }

    @Test
    void aHelpIsAnsweredFromTheWebAndTheAnswerIsLoggedWithWhoAndWhere() throws Exception {
        String id = add("printf 'Really delete the build? [y/N] '; read a; echo \"answer=$a\"");
        await().atMost(LiveSwarm.WAIT).until(() -> getJson("api/status").path("help").size() == 1);
        JsonNode help = getJson("api/status").path("help").get(0);
        assertThat(help.path("task_id").asText()).isEqualTo(id);
        assertThat(help.path("note").asText()).contains("Really delete the build? [y/N]");
        String worker = help.path("worker_id").asText();

        HttpResponse<String> answered = post("api/workers/" + worker + "/answer", "{\"answer\": \"no\", \"by\": \"alice\"}");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(answered.body()).contains("typed n and Enter");
        await().atMost(LiveSwarm.WAIT).until(() -> taskStatus(id).equals("done"));
        assertThat(getJson("api/tasks/" + id).path("result").asText()).contains("answer=n");
        await().atMost(LiveSwarm.WAIT).until(() -> getJson("api/status").path("help").isEmpty());

        String log = Files.readString(swarm.config().paths().statusLog());
        assertThat(log).containsPattern("\"state\":\"START\",\"message\":\"answered no by alice \\(page \\(same origin\\)\\) "
                + "via web from 127\\.0\\.0\\.1:\\d+: the prompt closed\"");
        assertThat(log).contains("\"via\":\"web\"").contains("\"answered_by\":\"alice (page (same origin))\"");
        // the answer is recorded once the prompt closed, maybe after the task's end: it never keeps the worker busy
        String next = add("echo next");
        await().atMost(LiveSwarm.WAIT).until(() -> taskStatus(next).equals("done"));
        assertThat(swarm.masterLog()).contains("alice (page (same origin)) via web from 127.0.0.1");

        HttpResponse<String> nothing = post("api/workers/" + worker + "/answer", "{\"answer\": \"yes\"}");
        assertThat(nothing.statusCode()).isEqualTo(409);
        assertThat(nothing.body()).contains("nothing waits for an answer");
    }

    @Test
    void theEventStreamBringsChangesAndResumesWithWhatWasMissed() throws Exception {
        String lastId;
        try (SseClient events = SseClient.open(http, url + "api/events", null)) {
            SseClient.Event e;
            do {
                e = events.next(LiveSwarm.WAIT);
                assertThat(e).isNotNull();
            } while (!e.name().equals("snapshot"));
            String id = add("echo streamed");
            lastId = null;
            boolean done = false;
            while (!done) {
                e = events.next(LiveSwarm.WAIT);
                assertThat(e).as("an event for " + id).isNotNull();
                if (e.name().equals("status")) {
                    lastId = e.id();
                    JsonNode status = Json.MAPPER.readTree(e.data());
                    done = status.path("task_id").asText().equals(id) && status.path("state").asText().equals("DONE");
                }
            }
        }
        // missed while disconnected
        String missed = add("echo missed");
        await().atMost(LiveSwarm.WAIT).until(() -> taskStatus(missed).equals("done"));
        try (SseClient events = SseClient.open(http, url + "api/events", lastId)) {
            List<String> states = new ArrayList<>();
            SseClient.Event e;
            while ((e = events.next(LiveSwarm.WAIT)) != null && !e.name().equals("snapshot")) {
                assertThat(e.name()).isEqualTo("status");
                assertThat(Long.parseLong(e.id())).isGreaterThan(Long.parseLong(lastId));
                JsonNode status = Json.MAPPER.readTree(e.data());
                if (status.path("task_id").asText().equals(missed)) states.add(status.path("state").asText());
            }
            assertThat(e).isNotNull();
            assertThat(states).contains("ASSIGNED", "START", "DONE");
        }
    }

    @Test
    void thePageFollowsTheServeSettingAcrossMastersUntilStopped() throws Exception {
        int port = URI.create(url).getPort();
        url = serve("--port", Integer.toString(port)); // the same port again, now fixed in serve.json
        swarm.stopMaster();
        assertThat(Files.exists(swarm.config().paths().controlSocket())).isFalse();
        swarm.startMaster();
        await().atMost(LiveSwarm.WAIT).ignoreExceptions().until(() -> get("api/status").statusCode() == 200);

        LiveSwarm.Run stopped = swarm.swarm("serve", "--stop");
        assertThat(stopped.out()).contains("no longer served");
        assertThat(Files.exists(swarm.config().paths().serveSettings())).isFalse();
        await().atMost(LiveSwarm.WAIT).until(() -> {
            try {
                get("api/status");
                return false;
            } catch (java.io.IOException refused) {
                return true;
            }
        });
        // a port taken by someone else: the master says so and the setting is not kept
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LiveSwarm.Run busy = swarm.swarm("serve", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(busy.exit()).as(busy.out()).isEqualTo(1);
            assertThat(busy.out()).contains("cannot serve the page on 127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(Files.exists(swarm.config().paths().serveSettings())).isFalse();
    }
}
