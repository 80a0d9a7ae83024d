package io.aiswarm.api;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.NewTaskParser;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.view.HelpAnswerer;
import io.aiswarm.view.Requester;
import io.aiswarm.view.SwarmActions;
import io.aiswarm.view.SwarmView;
import io.aiswarm.view.ViewEvent;
import io.aiswarm.view.ViewSnapshot;
import io.aiswarm.master.StatusReport;
import io.aiswarm.master.WorkerStatus;
import io.aiswarm.state.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON API of the live views, whatever carries it (the web server, the master's local socket). Documented in
 * docs/dashboard.md; the page, `swarm top` and `swarm status` use nothing else.
 */
public final class ApiRouter {
    /** An event stream with nothing to say sends a keep-alive this often. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(20);
    private static final Pattern TASK = Pattern.compile("/api/tasks/([^/]+)(/cancel|/retry)?");
    private static final Pattern WORKER = Pattern.compile("/api/workers/([^/]+)/(pane|answer)");
    private static final int MAX_TASKS = 10_000;
    private static final int RESULT_BYTES = 64 * 1024;

    private final SwarmView view;
    private final SwarmActions actions;
    private final Clock clock;

    public ApiRouter(SwarmView view, SwarmActions actions, Clock clock) {
        this.view = view;
        this.actions = actions;
        this.clock = clock;
    }

    public static boolean isEventStream(ApiRequest request) {
        return request.method().equals("GET") && request.path().equals("/api/events");
    }

    /** Every call but the event stream. Never throws: errors are answers (400, 404, 405, 409, 500). */
    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (NotFound e) {
            return ApiResponse.error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage());
        } catch (IllegalStateException e) {
            return ApiResponse.error(409, e.getMessage());
        } catch (SwarmStateException e) {
            return ApiResponse.error(500, e.getMessage());
        } catch (RuntimeException e) {
            return ApiResponse.error(500, e.toString());
        }
    }

    private ApiResponse route(ApiRequest r) {
        String path = r.path();
        boolean get = r.method().equals("GET");
        boolean post = r.method().equals("POST");
        if (path.equals("/api/status")) return get ? status(r) : notAllowed("GET");
        if (path.equals("/api/workers")) return get ? ApiResponse.ok(Map.of("workers", report().toMap()
                .get("workers"))) : notAllowed("GET");
        if (path.equals("/api/tasks")) {
            if (get) return tasks(r);
            return post ? add(r) : notAllowed("GET, POST");
        }
        Matcher task = TASK.matcher(path);
        if (task.matches()) {
            String id = task.group(1);
            TaskInfo known = view.task(id).orElseThrow(() -> new NotFound("no task '" + id + "'"));
            if (task.group(2) == null) return get ? task(known) : notAllowed("GET");
            if (!post) return notAllowed("POST");
            TaskInfo changed = task.group(2).equals("/cancel") ? actions.cancel(id, r.requester())
                    : actions.retry(id, r.requester());
            return ApiResponse.ok(Map.of("task", changed));
        }
        Matcher worker = WORKER.matcher(path);
        if (worker.matches()) {
            String id = worker.group(1);
            if (!view.snapshot().workers().containsKey(id)) throw new NotFound("no worker '" + id + "'");
            if (worker.group(2).equals("pane")) {
                if (!get) return notAllowed("GET");
                int lines = r.intParam("lines", 40, 1, 2000);
                String text = view.pane(id, lines).orElseThrow(() -> new NotFound("worker '" + id + "' has no pane"));
                return ApiResponse.ok(Map.of("worker_id", id, "lines", lines, "text", text));
            }
            return post ? answer(id, r) : notAllowed("POST");
        }
        if (path.equals("/api/events")) return notAllowed("GET");
        throw new NotFound("no such API path: " + path + " (see docs/dashboard.md)");
    }

    /**
     * format=json (default): the snapshot the page shows; format=table or format=status-json: exactly what
     * `swarm status` and `swarm status --json` print; panes=1 adds each pane's last lines to those.
     */
    private ApiResponse status(ApiRequest r) {
        String format = r.param("format", "json");
        StatusReport report = r.query().containsKey("panes") ? reportWithPanes() : report();
        return switch (format) {
            case "table" -> ApiResponse.text(report.toTable());
            case "status-json" -> new ApiResponse(200, ApiResponse.JSON, report.toJson() + "\n");
            case "json" -> ApiResponse.ok(snapshotJson(view.snapshot(), report));
            default -> throw new IllegalArgumentException("format=" + format + ": give json, table or status-json");
        };
    }

    private StatusReport report() {
        return view.snapshot().report(clock.instant()).withQueueNotes(view.queueNotes());
    }

    private StatusReport reportWithPanes() {
        ViewSnapshot s = view.snapshot();
        Map<String, WorkerStatus> workers = new LinkedHashMap<>();
        for (WorkerStatus w : s.workers().values()) {
            workers.put(w.workerId(), w.withLastLines(view.pane(w.workerId(), StatusReport.PANE_LINES).orElse(null)));
        }
        return new StatusReport(clock.instant(), s.master(), workers, s.queue()).withWorkspaces(s.work())
                .withQueueNotes(view.queueNotes());
    }

    /** The page's snapshot: `swarm status --json`'s fields plus what a live client needs. */
    static Map<String, Object> snapshotJson(ViewSnapshot s, StatusReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", s.version());
        json.put("cluster", s.cluster());
        json.put("round_at", s.at().toString());
        json.put("last_event_id", s.lastEventSeq());
        json.putAll(report.toMap());
        return json;
    }

    private ApiResponse tasks(ApiRequest r) {
        Set<TaskStatus> wanted = EnumSet.allOf(TaskStatus.class);
        String statuses = r.param("status", "");
        if (!statuses.isEmpty()) {
            wanted.clear();
            for (String s : statuses.split(",")) wanted.add(TaskStatus.parse(s));
        }
        String q = r.param("q", "").toLowerCase(Locale.ROOT);
        int limit = r.intParam("limit", 500, 1, MAX_TASKS);
        List<TaskInfo> all = view.tasks();
        List<TaskInfo> matching = new ArrayList<>();
        for (TaskInfo t : all) {
            if (!wanted.contains(t.status()) || !q.isEmpty() && !matches(t, q)) continue;
            matching.add(t);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", all.size());
        json.put("matching", matching.size());
        json.put("tasks", matching.subList(0, Math.min(limit, matching.size())));
        return ApiResponse.ok(json);
    }

    private static boolean matches(TaskInfo t, String q) {
        return t.taskId().toLowerCase(Locale.ROOT).contains(q) || t.payload().toLowerCase(Locale.ROOT).contains(q)
                || t.workerId() != null && t.workerId().toLowerCase(Locale.ROOT).contains(q)
                || t.error() != null && t.error().toLowerCase(Locale.ROOT).contains(q);
    }

    /** The start of a task's diff that the detail view gets; `swarm review` shows all of it. */
    static final int DIFF_CHARS = 256 * 1024;

    /** A task with the end of its result log and, where the task has one, its diff (from its workspace). */
    private ApiResponse task(TaskInfo t) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task", t);
        json.put("result", view.resultTail(t.taskId(), RESULT_BYTES).orElse(null));
        json.put("diff", view.diff(t.taskId(), DIFF_CHARS).orElse(null));
        return ApiResponse.ok(json);
    }

    private ApiResponse add(ApiRequest r) {
        String body = r.body().strip();
        if (body.isEmpty()) throw new IllegalArgumentException("empty body: send {\"command\": \"...\"} or "
                + "{\"prompt\": \"...\"} (optional task_id, priority), or an array of them");
        // one object may span lines; the parser reads an array whole
        if (!body.startsWith("{") && !body.startsWith("[")) {
            throw new IllegalArgumentException("the body must be JSON: an object or an array of objects");
        }
        List<NewTask> tasks = NewTaskParser.parse("request body", body.startsWith("{") ? "[" + body + "]" : body,
                null, NewTaskParser.Format.JSON);
        return ApiResponse.json(201, Map.of("tasks", actions.add(tasks, r.requester())));
    }

    private ApiResponse answer(String worker, ApiRequest r) {
        JsonNode body = readObject(r.body());
        JsonNode answer = body.get("answer");
        if (answer == null || !answer.isTextual()) {
            throw new IllegalArgumentException("\"answer\" is required: yes, no or cancel");
        }
        JsonNode option = body.get("option");
        if (option != null && !option.isNull() && !option.canConvertToExactIntegral()) {
            throw new IllegalArgumentException("\"option\" must be a whole number");
        }
        JsonNode by = body.get("by");
        Requester who = r.requester();
        if (by != null && by.isTextual() && !by.asText().isBlank()) {
            String name = by.asText().strip();
            who = new Requester(who.via(), (name.length() > 64 ? name.substring(0, 64) : name) + " (" + who.who()
                    + ")", who.from());
        }
        String done = actions.answer(worker, HelpAnswerer.Answer.parse(answer.asText()),
                option == null || option.isNull() ? null : option.asInt(), who);
        return ApiResponse.ok(Map.of("worker_id", worker, "answer", answer.asText(), "done", done));
    }

    private static JsonNode readObject(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body.isBlank() ? "{}" : body);
            if (!node.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The event stream: the status events after the client's Last-Event-ID (or ?after=), then a snapshot, then on
     * every change the new events and a snapshot; a keep-alive every 20 s otherwise. A client whose events were
     * dropped meanwhile gets a "reset" first. Returns when the client left or {@code open} turned false.
     */
    public void stream(ApiRequest r, EventSink sink, BooleanSupplier open) throws IOException, InterruptedException {
        long after = parseId(r.lastEventId() != null ? r.lastEventId() : r.param("after", "0"));
        long version = -1;
        while (open.getAsBoolean()) {
            ViewSnapshot s = view.snapshot();
            if (s.version() != version) {
                SwarmView.EventBatch batch = view.eventsAfter(after);
                if (!batch.complete()) sink.event("reset", null, "{}");
                for (ViewEvent e : batch.events()) {
                    sink.event("status", Long.toString(e.seq()), eventJson(e));
                    after = e.seq();
                }
                sink.event("snapshot", null, Json.MAPPER.writeValueAsString(snapshotJson(s, s.report(clock.instant()))));
                version = s.version();
            }
            if (!open.getAsBoolean()) return;
            if (view.awaitChange(version, KEEP_ALIVE) == version) sink.keepAlive();
        }
    }

    private static long parseId(String id) {
        try {
            return Math.max(0, Long.parseLong(id.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String eventJson(ViewEvent e) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.seq());
        json.put("ts", e.event().ts().toString());
        json.put("worker_id", e.event().workerId());
        json.put("task_id", e.event().taskId());
        json.put("state", e.event().state().name());
        json.put("message", e.event().message());
        json.put("meta", e.event().meta());
        return Json.MAPPER.writeValueAsString(json);
    }

    private static ApiResponse notAllowed(String allowed) {
        return ApiResponse.error(405, "method not allowed here; use " + allowed);
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
