package io.aiswarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.master.PaneState;
import io.aiswarm.master.WorkerStatus;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.Json;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.file.FileTaskQueue;
import io.aiswarm.testing.MutableClock;
import io.aiswarm.view.HelpAnswerer;
import io.aiswarm.view.LiveView;
import io.aiswarm.view.QueueActions;
import io.aiswarm.view.Requester;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's routes, answers and errors, in-process (the transports are tested in WebServerTest and the ITs). */
class ApiRouterTest {
    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    private final Requester me = new Requester("web", "page (same origin)", "127.0.0.1:5000");
    private final List<String> log = new ArrayList<>();
    private final List<String> answered = new ArrayList<>();
    private FileTaskQueue queue;
    private LiveView view;
    private ApiRouter router;

    @BeforeEach
    void setUp() {
        SwarmPaths paths = SwarmPaths.of(dir);
        queue = new FileTaskQueue(paths.tasksFile(), clock);
        view = new LiveView("c1", queue, paths, null, () -> "pid 1", clock);
        HelpAnswerer answerer = (worker, answer, option, by) -> {
            answered.add(worker + " " + answer.json() + " " + option + " " + by.who());
            return "typed n and Enter";
        };
        router = new ApiRouter(view, new QueueActions(queue, answerer, clock, log::add), clock);
        WorkerStatus help = new WorkerStatus("worker-1", BroadcastState.HELP, "t9", clock.instant(),
                "prompt needs a person: Continue? [y/N]", true, clock.instant(), PaneState.ALIVE, 1200, 0, null);
        WorkerStatus idle = WorkerStatus.of("worker-0", BroadcastState.DONE, "t8", clock.instant(), false);
        view.observed(Map.of("worker-0", idle, "worker-1", help),
                List.of(new StatusEvent(clock.instant(), "worker-1", "t9", BroadcastState.HELP, "prompt", null)));
    }

    private JsonNode call(int status, String method, String target, String body) throws Exception {
        ApiResponse r = router.handle(ApiRequest.of(method, target, body, me, null));
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void statusIsTheSnapshotWithHelpFirstAndTheTableIsWhatSwarmStatusPrints() throws Exception {
        JsonNode s = call(200, "GET", "/api/status", "");
        assertThat(s.path("cluster").asText()).isEqualTo("c1");
        assertThat(s.path("master").asText()).isEqualTo("pid 1");
        assertThat(s.path("help")).hasSize(1);
        assertThat(s.path("help").get(0).path("worker_id").asText()).isEqualTo("worker-1");
        assertThat(s.path("workers")).extracting(w -> w.path("worker_id").asText()).containsExactly("worker-0", "worker-1");
        assertThat(s.path("last_event_id").asLong()).isPositive();

        ApiResponse table = router.handle(ApiRequest.of("GET", "/api/status?format=table", "", me, null));
        assertThat(table.contentType()).startsWith("text/plain");
        assertThat(table.body()).isEqualTo(view.snapshot().report(clock.instant()).toTable());
        ApiResponse json = router.handle(ApiRequest.of("GET", "/api/status?format=status-json", "", me, null));
        assertThat(json.body()).isEqualTo(view.snapshot().report(clock.instant()).toJson() + "\n");
        call(400, "GET", "/api/status?format=xml", "");
    }

    @Test
    void tasksAreAddedFilteredSearchedCancelledAndRetried() throws Exception {
        JsonNode added = call(201, "POST", "/api/tasks", "{\n  \"command\": \"make test\",\n  \"priority\": 2\n}");
        String id = added.path("tasks").get(0).path("task_id").asText();
        call(201, "POST", "/api/tasks", "[{\"prompt\": \"fix the parser\"}, {\"command\": \"ls\", \"task_id\": \"mine\"}]");
        assertThat(call(200, "GET", "/api/tasks", "").path("total").asInt()).isEqualTo(3);
        assertThat(call(200, "GET", "/api/tasks?q=PARSER", "").path("tasks")).hasSize(1);
        JsonNode limited = call(200, "GET", "/api/tasks?limit=1", "");
        assertThat(limited.path("matching").asInt()).isEqualTo(3);
        assertThat(limited.path("tasks")).hasSize(1);
        assertThat(limited.path("tasks").get(0).path("task_id").asText()).isEqualTo(id); // priority 2 first

        assertThat(call(200, "POST", "/api/tasks/" + id + "/cancel", "").path("task").path("status").asText())
                .isEqualTo("cancelled");
        assertThat(call(400, "POST", "/api/tasks/" + id + "/cancel", "").path("error").asText())
                .contains("already cancelled");
        assertThat(call(200, "GET", "/api/tasks?status=cancelled", "").path("tasks")).hasSize(1);
        assertThat(call(200, "POST", "/api/tasks/" + id + "/retry", "").path("task").path("status").asText())
                .isEqualTo("pending");
        assertThat(log).anyMatch(l -> l.contains("page (same origin) via web from 127.0.0.1:5000: cancelled " + id));

        JsonNode detail = call(200, "GET", "/api/tasks/" + id, "");
        assertThat(detail.path("task").path("command").asText()).isEqualTo("make test");
        assertThat(detail.path("result").isNull()).isTrue();
    }

    @Test
    void badRequestsSayWhatIsWrong() throws Exception {
        assertThat(call(400, "POST", "/api/tasks", "").path("error").asText()).contains("empty body");
        assertThat(call(400, "POST", "/api/tasks", "{\"command\": \"x\", \"colour\": 1}").path("error").asText())
                .contains("unknown field \"colour\"");
        assertThat(call(400, "POST", "/api/tasks", "{\"command\": \"x\", \"priority\": 12}").path("error").asText())
                .contains("priority");
        assertThat(call(400, "POST", "/api/tasks", "make test").path("error").asText()).contains("JSON");
        assertThat(call(400, "GET", "/api/tasks?status=sleeping", "").path("error").asText())
                .contains("unknown task status 'sleeping'");
        assertThat(call(400, "GET", "/api/tasks?limit=0", "").path("error").asText()).contains("limit=0");
        assertThat(call(404, "GET", "/api/tasks/nope", "").path("error").asText()).contains("no task 'nope'");
        assertThat(call(404, "GET", "/api/nothing", "").path("error").asText()).contains("docs/dashboard.md");
        assertThat(call(405, "DELETE", "/api/tasks", "").path("error").asText()).contains("GET, POST");
        assertThat(call(405, "POST", "/api/events", "").path("error").asText()).contains("GET");
        assertThat(call(404, "POST", "/api/workers/worker-9/answer", "{\"answer\":\"no\"}").path("error").asText())
                .contains("no worker 'worker-9'");
        assertThat(call(400, "POST", "/api/workers/worker-1/answer", "{\"answer\":\"maybe\"}").path("error").asText())
                .contains("yes, no or cancel");
        assertThat(call(400, "POST", "/api/workers/worker-1/answer", "{}").path("error").asText()).contains("answer");
        assertThat(call(404, "GET", "/api/workers/worker-1/pane", "").path("error").asText()).contains("no pane");
        assertThat(answered).isEmpty();
    }

    @Test
    void anAnswerNamesWhoGaveItAndARefusalIsAConflict() throws Exception {
        JsonNode done = call(200, "POST", "/api/workers/worker-1/answer", "{\"answer\":\"no\",\"by\":\"alice\"}");
        assertThat(done.path("done").asText()).isEqualTo("typed n and Enter");
        assertThat(answered).containsExactly("worker-1 no null alice (page (same origin))");
        assertThat(log).anyMatch(l -> l.startsWith("alice (page (same origin)) via web from 127.0.0.1:5000: answered "
                + "worker-1 no"));

        ApiRouter refusing = new ApiRouter(view, new QueueActions(queue, (w, a, o, b) -> {
            throw new IllegalStateException("nothing waits for input on worker-1's screen");
        }, clock, log::add), clock);
        ApiResponse r = refusing.handle(ApiRequest.of("POST", "/api/workers/worker-1/answer", "{\"answer\":\"yes\"}",
                me, null));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).contains("nothing waits");
    }

    @Test
    void theEventStreamSendsMissedEventsThenASnapshot() throws Exception {
        long first = view.eventsAfter(0).events().get(0).seq();
        view.observed(view.snapshot().workers(), List.of(new StatusEvent(Instant.parse("2026-01-31T12:00:01Z"),
                "worker-1", "t9", BroadcastState.START, "answered", null)));
        List<String> sent = new ArrayList<>();
        boolean[] open = {true};
        EventSink sink = new EventSink() {
            @Override
            public void event(String name, String id, String data) {
                sent.add(name + " " + id);
                if (name.equals("snapshot")) open[0] = false;
            }

            @Override
            public void keepAlive() {
                sent.add("keep-alive");
            }
        };
        router.stream(ApiRequest.of("GET", "/api/events", "", me, Long.toString(first)), sink, () -> open[0]);
        assertThat(sent).hasSize(2); // the event after `first`, then the snapshot
        assertThat(sent.get(0)).isEqualTo("status " + (first + 1));
        assertThat(sent.get(1)).isEqualTo("snapshot null");
    }
}
