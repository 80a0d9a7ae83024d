package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.Json;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `swarm status` shows: workers needing help first, one row per worker, the queue totals.
 * Built from a scan and the queue; renders as a table or as JSON.
 */
public final class StatusReport {
    /** How many of a pane's last lines `swarm status --panes` shows. */
    public static final int PANE_LINES = MasterScanner.SCREEN_LINES;

    private final Instant now;
    private final String master;
    private final List<Row> rows;
    private final Map<TaskStatus, Integer> totals;
    /** With worktrees: branches and the finished tasks' integration; null without. */
    private WorkspaceSummary workspaces;
    private QueueNotes notes = QueueNotes.NONE;

    /** One worker: durations in milliseconds, null when they do not apply. */
    public record Row(String worker, String state, String task, String pane, Instant since, Long waitingMillis,
                      long cpuMillis, long cpuDeltaMillis, String note, String lastLines) {
        boolean needsHelp() {
            return "HELP".equals(state) || "WAIT".equals(state);
        }
    }

    public StatusReport(Instant now, String master, Map<String, WorkerStatus> workers, List<TaskInfo> tasks) {
        this(now, master, workers, TaskStatus.count(tasks));
    }

    /** With the queue's totals only ({@link io.aiswarm.state.TaskQueue#countByStatus()}). */
    public StatusReport(Instant now, String master, Map<String, WorkerStatus> workers, Map<TaskStatus, Integer> totals) {
        this.now = now;
        this.master = master;
        this.rows = new ArrayList<>();
        for (WorkerStatus w : workers.values()) rows.add(row(w));
        this.totals = new EnumMap<>(totals);
    }

    private Row row(WorkerStatus w) {
        String state = w.isDead() ? "DEAD" : w.state() == null ? (MasterDispatcher.isWorkerIdle(w) ? "IDLE" : "-")
                : w.state().name();
        java.util.Optional<Instant> limited = WorkerLimit.until(w.message());
        if (!w.isDead() && w.state() == BroadcastState.START && limited.isPresent() && limited.get().isAfter(now)) {
            state = WorkerLimit.label(limited.get(), java.time.ZoneId.systemDefault());
        }
        boolean waiting = w.state() == BroadcastState.WAIT || w.state() == BroadcastState.HELP;
        Long waitingMillis = waiting && w.timestamp() != null ? Duration.between(w.timestamp(), now).toMillis() : null;
        List<String> notes = new ArrayList<>();
        if (w.isDead()) notes.add("pane gone");
        if (w.holdsLiveLock()) notes.add("holds lock");
        if (!w.message().isEmpty()) notes.add(w.message());
        return new Row(w.workerId(), state, w.taskId(), w.pane().name().toLowerCase(), w.timestamp(), waitingMillis,
                w.cpuMillis(), w.cpuDeltaMillis(), String.join("; ", notes), w.lastLines());
    }

    /** Adds the worktree side (each worker's branch, the finished tasks' integration); none when it is empty. */
    public StatusReport withWorkspaces(WorkspaceSummary summary) {
        this.workspaces = summary == null || summary.isEmpty() ? null : summary;
        return this;
    }

    /** Adds the declined count and the blocked and unroutable tasks (see {@link QueueNotes}). */
    public StatusReport withQueueNotes(QueueNotes queueNotes) {
        this.notes = queueNotes == null ? QueueNotes.NONE : queueNotes;
        return this;
    }

    public List<Row> rows() {
        return rows;
    }

    public Map<TaskStatus, Integer> totals() {
        return totals;
    }

    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append("master: ").append(master == null ? "not running" : master).append('\n');
        List<Row> help = rows.stream().filter(Row::needsHelp).toList();
        if (!help.isEmpty()) {
            out.append("NEEDS HELP (answer with: swarm answer WORKER yes|no|cancel; see the pane: swarm attach)\n");
            for (Row r : help) {
                out.append(String.format("  %s  %s  task %s  waiting %s  %s%n", r.worker(), r.state(),
                        r.task().isEmpty() ? "-" : r.task(), age(r.waitingMillis()), r.note()));
            }
        }
        columns(out, "WORKER", "STATE", "TASK", "SINCE", "WAITING", "PANE", "CPU", "NOTE");
        for (Row r : rows) {
            Long sinceMillis = r.since() == null ? null : Duration.between(r.since(), now).toMillis();
            String branch = branchOf(r.worker());
            columns(out, r.worker(), r.state(), r.task().isEmpty() ? "-" : r.task(),
                    sinceMillis == null ? "-" : age(sinceMillis) + " ago", age(r.waitingMillis()), r.pane(),
                    cpu(r), branch == null ? r.note() : r.note().isEmpty() ? "on " + branch : "on " + branch + "; "
                            + r.note());
            if (r.lastLines() != null) {
                for (String line : r.lastLines().stripTrailing().split("\n", -1)) out.append("    | ").append(line)
                        .append('\n');
            }
        }
        notes.appendTo(out, totals);
        if (workspaces != null && !workspaces.counts().isEmpty()) workspacesTable(out);
        return out.toString();
    }

    /** The finished tasks' work: totals per integration state, then what waits for `swarm merge` or a person. */
    private void workspacesTable(StringBuilder out) {
        out.append("work:");
        workspaces.counts().forEach((state, count) -> out.append(' ').append(state.json()).append(' ').append(count)
                .append(','));
        out.setLength(out.length() - 1);
        out.append('\n');
        for (WorkspaceSummary.Waiting w : workspaces.waiting()) {
            out.append("  ").append(w.taskId()).append("  ").append(w.integration().json())
                    .append(w.detail() == null ? "" : "  " + w.detail()).append('\n');
        }
        if (workspaces.moreWaiting() > 0) {
            out.append("  ... ").append(workspaces.moreWaiting()).append(" more (swarm worktrees lists them)\n");
        }
        if (!workspaces.waiting().isEmpty()) {
            out.append("  (swarm review ID shows a task's changes; swarm merge --all integrates the unmerged ones)\n");
        }
    }

    private String branchOf(String worker) {
        return workspaces == null ? null : workspaces.branchOfWorker().get(worker);
    }

    private static final int[] WIDTHS = {10, 8, 14, 9, 9, 8, 12};

    /** One table line: each cell left-aligned in its column (at least one space apart), the last one as it is. */
    private static void columns(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length - 1; i++) {
            out.append(cells[i]).append(" ".repeat(Math.max(0, WIDTHS[i] - cells[i].length()))).append(' ');
        }
        out.append(cells[cells.length - 1]).append('\n');
    }

    public String toJson() {
        try {
            return Json.PRETTY.writeValueAsString(toMap());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@link #toJson()} prints, as a map (the live views add to it). */
    public Map<String, Object> toMap() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ts", now); // the mapper writes instants as every state file does: UTC, milliseconds
        json.put("master", master);
        json.put("help", rows.stream().filter(Row::needsHelp).map(this::rowJson).toList());
        json.put("workers", rows.stream().map(this::rowJson).toList());
        notes.putJson(json, totals);
        if (workspaces != null) json.put("work", workspaces.toMap());
        return json;
    }

    private Map<String, Object> rowJson(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("worker_id", r.worker());
        m.put("state", r.state());
        m.put("task_id", r.task());
        m.put("pane", r.pane());
        m.put("since", r.since());
        m.put("waiting_ms", r.waitingMillis());
        m.put("cpu_ms", r.cpuMillis());
        m.put("cpu_delta_ms", r.cpuDeltaMillis());
        m.put("note", r.note());
        if (branchOf(r.worker()) != null) m.put("branch", branchOf(r.worker()));
        if (r.lastLines() != null) m.put("last_lines", r.lastLines());
        return m;
    }

    private static String cpu(Row r) {
        if ("unknown".equals(r.pane()) || "gone".equals(r.pane())) return "-";
        // tenths of a second, cut (not rounded): no Formatter per row, which a cold JVM pays dearly for
        String total = r.cpuMillis() / 1000 + "." + r.cpuMillis() % 1000 / 100 + "s";
        return r.cpuDeltaMillis() > 0 ? total + " +" + r.cpuDeltaMillis() + "ms" : total;
    }

    /** A duration as people read it: 42s, 3m5s, 2h10m; "-" for none. */
    public static String age(Long millis) {
        if (millis == null) return "-";
        long s = Math.max(0, millis / 1000);
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + (s % 60) + "s";
        return (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }
}
