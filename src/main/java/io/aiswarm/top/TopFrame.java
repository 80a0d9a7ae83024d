package io.aiswarm.top;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.master.StatusReport;
import io.aiswarm.state.TaskInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * One screen of `swarm top` from its state: header, HELP items, workers, queue, recent events and the keys, fitted
 * to the terminal (80x24 at least). Pure: the same state and size give the same lines, which is what --once prints.
 */
final class TopFrame {
    static final String KEYS = "Tab/arrows move  y/n/c answer  a attach  x cancel  r retry  d diff  q quit";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final AttributedStyle TITLE = AttributedStyle.BOLD;
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle SELECTED = AttributedStyle.INVERSE;
    private static final AttributedStyle RED = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
    private static final AttributedStyle GREEN = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle BLUE = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);

    private final TopState s;
    private final boolean unicode;
    private final int width;
    private final Instant now;
    private final List<AttributedString> out = new ArrayList<>();

    private TopFrame(TopState s, int width, Instant now, boolean unicode) {
        this.s = s;
        this.unicode = unicode;
        this.width = Math.max(40, width);
        this.now = now;
    }

    /**
     * @param height  rows of the terminal; 0 for as many as the content needs (--once)
     * @param unicode the terminal shows UTF-8 (box lines, ellipses); otherwise plain ASCII only
     */
    static List<AttributedString> render(TopState s, int width, int height, Instant now, boolean unicode) {
        return new TopFrame(s, width, now, unicode).layout(height);
    }

    private List<AttributedString> layout(int height) {
        List<JsonNode> help = s.help();
        List<JsonNode> workers = s.workers();
        List<JsonNode> tasks = s.tasks;
        int helpRows = Math.max(1, help.size());
        int eventRows = Math.max(1, Math.min(s.events.size(), height > 0 ? 3 : 10));
        int workerRows = Math.max(1, workers.size());
        int taskRows = Math.max(1, height > 0 ? tasks.size() : Math.min(tasks.size(), 30));
        if (height > 0) {
            int avail = height - 3 - 4 - 2; // header, footer; four titles; two column headings
            helpRows = Math.min(helpRows, Math.max(1, Math.min(4, avail / 4)));
            avail -= helpRows;
            eventRows = Math.min(eventRows, Math.max(0, Math.min(3, avail - 4)));
            avail -= eventRows;
            int forWorkers = Math.max(1, Math.max(avail / 2, avail - tasks.size()));
            workerRows = Math.max(1, Math.min(workerRows, forWorkers));
            taskRows = Math.max(1, Math.min(Math.max(1, tasks.size()), avail - workerRows));
            eventRows += Math.max(0, avail - workerRows - taskRows); // what is left shows more events
        }
        header();
        section(TopState.Focus.HELP, "NEEDS HELP (" + help.size() + ")", null, help, helpRows,
                "nobody waits for you", this::helpRow);
        section(TopState.Focus.WORKERS, "WORKERS (" + workers.size() + ")",
                cells(WORKER_COLUMNS, "", "WORKER", "STATE", "TASK", "FOR", "CPU", "NOTE"), workers, workerRows, "no workers",
                this::workerRow);
        section(TopState.Focus.QUEUE, "QUEUE  " + totals(), cells(TASK_COLUMNS, "", "TASK", "PRI", "STATUS", "WORKER", "WHAT"),
                tasks, taskRows, "the queue is empty", this::taskRow);
        title("EVENTS", false);
        List<JsonNode> events = new ArrayList<>(s.events);
        if (events.isEmpty()) line(new AttributedString("  " + (s.live ? "none yet" : "(live only, with a master)"), DIM));
        for (int i = 0; i < Math.min(eventRows, events.size()); i++) {
            line(styled(eventRow(events.get(i)), AttributedStyle.DEFAULT));
        }
        if (height > 0) while (out.size() < height - 1) out.add(AttributedString.EMPTY);
        footer();
        return out;
    }

    private void header() {
        JsonNode snap = s.snapshot;
        String cluster = snap == null ? "?" : snap.path("cluster").asText("?");
        String master = snap == null || snap.path("master").isNull() ? "no master" : "master " + snap.path("master").asText();
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.style(TITLE).append("AI Swarm").style(AttributedStyle.DEFAULT).append("  cluster ").append(fit(cluster))
                .append("  ").append(CLOCK.format(now)).append("  ");
        b.style(s.live ? GREEN : RED).append(s.live ? "live" : "no master: files, every 2 s");
        line(b.toAttributedString());
        line(styled(master, DIM));
    }

    private String totals() {
        if (s.snapshot == null) return "";
        List<String> parts = new ArrayList<>();
        s.snapshot.path("queue").fields().forEachRemaining(e -> {
            if (e.getValue().asInt() > 0) parts.add(e.getKey() + " " + e.getValue().asInt());
        });
        return parts.isEmpty() ? "empty" : String.join(unicode ? " · " : ", ", parts);
    }

    private interface RowText {
        AttributedString row(JsonNode row, boolean selected);
    }

    private void section(TopState.Focus focus, String name, String columns, List<JsonNode> rows, int visible,
                         String empty, RowText text) {
        boolean focused = s.focus == focus;
        title(name, focused);
        if (columns != null) line(new AttributedString(columns, DIM));
        if (rows.isEmpty()) {
            line(new AttributedString("  " + empty, DIM));
            return;
        }
        int sel = s.selected(focus);
        int first = Math.max(0, Math.min(sel - visible + 1, rows.size() - visible));
        first = Math.max(0, Math.min(first, sel));
        for (int i = first; i < Math.min(rows.size(), first + visible); i++) {
            line(text.row(rows.get(i), focused && i == sel));
        }
    }

    private void title(String name, boolean focused) {
        String rule = "-"; // box-drawing lines become the alternate character set, which capture-pane and some terminals show as letters
        String head = rule + " " + name + " ";
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.style(focused ? TITLE.foreground(AttributedStyle.CYAN) : TITLE).append(head);
        b.style(DIM).append(rule.repeat(Math.max(0, width - head.length())));
        line(b.toAttributedString());
    }

    private AttributedString helpRow(JsonNode h, boolean selected) {
        // what it waits for first: the lock it holds and the rescuer's preamble say nothing new here
        String waitsFor = h.path("note").asText().replaceFirst("^holds lock; ", "")
                .replaceFirst("^prompt needs a person: ", "");
        String text = cells(WORKER_COLUMNS, selected ? ">" : "", h.path("worker_id").asText(), h.path("state").asText(),
                orDash(h.path("task_id").asText()), StatusReport.age(waited(h)), waitsFor);
        return styled(text, selected ? SELECTED : RED);
    }

    private AttributedString workerRow(JsonNode w, boolean selected) {
        String state = w.path("state").asText();
        String note = w.hasNonNull("branch") ? "on " + w.path("branch").asText() + (w.path("note").asText().isEmpty()
                ? "" : "; " + w.path("note").asText()) : w.path("note").asText();
        String text = cells(WORKER_COLUMNS, selected ? ">" : "", w.path("worker_id").asText(), state, orDash(w.path("task_id").asText()),
                StatusReport.age(since(w)), cpu(w), note);
        return styled(text, selected ? SELECTED : stateStyle(state));
    }

    private AttributedString taskRow(JsonNode t, boolean selected) {
        String what = t.hasNonNull("command") ? "$ " + t.path("command").asText() : "prompt: " + t.path("prompt").asText();
        String status = t.path("status").asText();
        if (status.equals("failed") && t.path("error").asText("").startsWith(TaskInfo.DECLINED)) status = "declined";
        String integration = t.path("integration").asText("");
        String text = cells(TASK_COLUMNS, selected ? ">" : "", t.path("task_id").asText(), t.path("priority").asText(),
                integration.isEmpty() ? status : status + " " + integration,
                orDash(t.path("worker_id").asText("")), what.replaceAll("\\s+", " "));
        return styled(text, selected ? SELECTED : switch (status) {
            case "failed", "declined" -> RED;
            case "running", "assigned" -> BLUE;
            case "done" -> GREEN;
            default -> AttributedStyle.DEFAULT;
        });
    }

    private String eventRow(JsonNode e) {
        Instant ts = Instant.parse(e.path("ts").asText());
        return "  " + CLOCK.format(ts) + " " + e.path("worker_id").asText() + " " + e.path("state").asText() + " "
                + orDash(e.path("task_id").asText()) + " " + e.path("message").asText().replaceAll("\\s+", " ");
    }

    private void footer() {
        String text;
        AttributedStyle style = DIM;
        if (s.pending != null) {
            text = s.pending.question() + "  Enter: do it  any other key: don't";
            style = RED;
        } else if (!s.message.isEmpty()) {
            text = s.message;
            style = AttributedStyle.BOLD;
        } else {
            text = KEYS;
        }
        line(styled(text, style));
    }

    private static AttributedStyle stateStyle(String state) {
        if (state.startsWith("limited")) return BLUE; // a task held by its provider's limit: busy, not in trouble
        return switch (state) {
            case "HELP", "WAIT", "ERROR", "DEAD" -> RED;
            case "START", "ASSIGNED" -> BLUE;
            case "DONE", "IDLE" -> GREEN;
            default -> AttributedStyle.DEFAULT;
        };
    }

    private static final int[] WORKER_COLUMNS = {2, 10, 9, 13, 7, 7};
    private static final int[] TASK_COLUMNS = {2, 15, 4, 17, 10};

    /** Cells left-aligned in columns of these widths (at least one space apart); the last one as it is. */
    private static String cells(int[] widths, String... cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length - 1; i++) {
            int w = widths[i];
            b.append(cells[i]);
            b.append(" ".repeat(Math.max(1, w - cells[i].length())));
        }
        return b.append(cells[cells.length - 1]).toString();
    }

    private AttributedString styled(String text, AttributedStyle style) {
        return new AttributedString(fit(text), style);
    }

    private void line(AttributedString a) {
        out.add(a.columnLength() > width ? new AttributedStringBuilder().append(a.columnSubSequence(0, width - 1))
                .append(ellipsis()).toAttributedString() : a);
    }

    private String fit(String text) {
        String flat = text.replace('\t', ' ').replaceAll("\\p{Cntrl}", "?");
        if (!unicode) flat = flat.replaceAll("[^\\x20-\\x7e]", "?");
        return flat.length() > width ? flat.substring(0, width - 1) + ellipsis() : flat;
    }

    private String ellipsis() {
        return unicode ? "…" : ">";
    }

    private Long since(JsonNode row) {
        String ts = row.path("since").asText("");
        return ts.isEmpty() || row.path("since").isNull() ? null : Duration.between(Instant.parse(ts), now).toMillis();
    }

    private Long waited(JsonNode row) {
        Long since = since(row);
        return since != null ? since : row.path("waiting_ms").isNumber() ? row.path("waiting_ms").asLong() : null;
    }

    private static String cpu(JsonNode w) {
        String pane = w.path("pane").asText();
        if (pane.equals("unknown") || pane.equals("gone")) return "-";
        long ms = w.path("cpu_ms").asLong();
        return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
