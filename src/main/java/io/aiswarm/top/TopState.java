package io.aiswarm.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * What `swarm top` shows and where the person is in it: the last snapshot, the queue, recent events, which section
 * has the focus and which row is selected in each, and an action waiting for confirmation.
 */
final class TopState {
    enum Focus { HELP, WORKERS, QUEUE }

    /** An action the person chose, shown for confirmation (Enter) before it is sent. */
    record Pending(String question, String path, String body) {
    }

    static final int KEPT_EVENTS = 100;
    /** Queue order on screen: what runs, what waits, then what ended (failed first, it may want a retry). */
    private static final Map<String, Integer> STATUS_ORDER = Map.of("running", 0, "assigned", 1, "pending", 2,
            "failed", 3, "cancelled", 4, "skipped", 5, "done", 6);

    JsonNode snapshot;
    List<JsonNode> tasks = List.of();
    final Deque<JsonNode> events = new ArrayDeque<>(); // newest first
    Focus focus = Focus.WORKERS;
    private final int[] selected = new int[Focus.values().length];
    Pending pending;
    String message = "";
    boolean live;

    void apply(TopFeed.Update update) {
        snapshot = update.snapshot();
        if (update.reset()) events.clear();
        for (JsonNode e : update.events()) {
            events.addFirst(e);
            if (events.size() > KEPT_EVENTS) events.removeLast();
        }
        if (focus == Focus.WORKERS && selected[Focus.WORKERS.ordinal()] == 0 && !help().isEmpty()
                && selected[Focus.HELP.ordinal()] == 0) {
            focus = Focus.HELP; // someone waits: that is where the person's attention goes first
        }
        clamp();
    }

    void tasks(JsonNode json) {
        List<JsonNode> list = new ArrayList<>();
        json.path("tasks").forEach(list::add);
        list.sort(Comparator.comparingInt((JsonNode t) -> STATUS_ORDER.getOrDefault(t.path("status").asText(), 9)));
        tasks = list;
        clamp();
    }

    List<JsonNode> help() {
        return rows("help");
    }

    List<JsonNode> workers() {
        return rows("workers");
    }

    private List<JsonNode> rows(String field) {
        List<JsonNode> rows = new ArrayList<>();
        if (snapshot != null) snapshot.path(field).forEach(rows::add);
        return rows;
    }

    List<JsonNode> list(Focus f) {
        return switch (f) {
            case HELP -> help();
            case WORKERS -> workers();
            case QUEUE -> tasks;
        };
    }

    int selected(Focus f) {
        return selected[f.ordinal()];
    }

    void move(int delta) {
        selected[focus.ordinal()] += delta;
        clamp();
    }

    void nextFocus() {
        Focus[] all = Focus.values();
        focus = all[(focus.ordinal() + 1) % all.length];
        if (focus == Focus.HELP && help().isEmpty()) nextFocus();
    }

    private void clamp() {
        for (Focus f : Focus.values()) {
            int size = list(f).size();
            int i = selected[f.ordinal()];
            selected[f.ordinal()] = size == 0 ? 0 : Math.max(0, Math.min(i, size - 1));
        }
        if (focus == Focus.HELP && help().isEmpty()) focus = Focus.WORKERS;
    }

    /** The selected row of the focused section, or null. */
    JsonNode current() {
        List<JsonNode> rows = list(focus);
        return rows.isEmpty() ? null : rows.get(selected(focus));
    }

    /** The worker the selection points at (a HELP item or a worker row); null in the queue without a worker. */
    String selectedWorker() {
        JsonNode row = current();
        if (row == null) return null;
        String w = row.path("worker_id").asText("");
        return w.isEmpty() ? null : w;
    }

    /** The task the selection points at: a queue row, or the task of a selected worker or HELP item. */
    String selectedTask() {
        JsonNode row = current();
        if (row == null) return null;
        String t = row.path("task_id").asText("");
        return t.isEmpty() ? null : t;
    }

    /** True when the selected worker waits for a person. */
    boolean selectedNeedsHelp() {
        JsonNode row = current();
        if (row == null || focus == Focus.QUEUE) return false;
        String state = row.path("state").asText();
        return state.equals("HELP") || state.equals("WAIT");
    }
}
