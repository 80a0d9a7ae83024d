package io.aiswarm.top;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiswarm.state.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopFrameTest {
    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    private static ObjectNode worker(String id, String state, String task, String note) {
        ObjectNode w = Json.MAPPER.createObjectNode();
        w.put("worker_id", id).put("state", state).put("task_id", task).put("pane", "alive")
                .put("since", "2026-01-31T11:58:00Z").put("cpu_ms", 1500).put("cpu_delta_ms", 0).put("note", note);
        return w;
    }

    private static TopState state(int workers, int help, int tasks, int events) {
        ObjectNode snap = Json.MAPPER.createObjectNode();
        snap.put("cluster", "c1").put("master", "pid 7 since …");
        ArrayNode all = snap.putArray("workers");
        ArrayNode helpRows = snap.putArray("help");
        for (int i = 0; i < workers; i++) {
            boolean needs = i < help;
            ObjectNode w = worker("worker-" + i, needs ? "HELP" : "START", "task-" + i,
                    needs ? "prompt needs a person: Drop table users? [y/N]" : "running");
            all.add(w);
            if (needs) helpRows.add(w);
        }
        snap.putObject("queue").put("pending", tasks).put("running", workers);
        List<JsonNode> evs = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            evs.add(Json.MAPPER.createObjectNode().put("ts", "2026-01-31T11:59:0" + (i % 10) + "Z")
                    .put("worker_id", "worker-0").put("state", "DONE").put("task_id", "t" + i).put("message", "exit 0"));
        }
        TopState s = new TopState();
        s.live = true;
        s.apply(new TopFeed.Update(snap, evs, false));
        ArrayNode taskRows = Json.MAPPER.createArrayNode();
        for (int i = 0; i < tasks; i++) {
            taskRows.addObject().put("task_id", "task-" + (100 + i)).put("priority", 5).put("status", "pending")
                    .put("command", "make test-" + i);
        }
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.set("tasks", taskRows);
        s.tasks(t);
        return s;
    }

    private static List<String> text(List<AttributedString> lines) {
        return lines.stream().map(AttributedString::toString).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 40, 200})
    void anyNumberOfWorkersFitsAPlain80x24Terminal(int workers) {
        Random random = new Random(workers);
        TopState s = state(workers, Math.min(workers, random.nextInt(6)), random.nextInt(50), random.nextInt(20));
        List<AttributedString> frame = TopFrame.render(s, 80, 24, NOW, false);
        assertThat(frame).hasSize(24);
        for (AttributedString line : frame) {
            assertThat(line.columnLength()).isLessThanOrEqualTo(80);
            assertThat(line.toString()).matches("[\\x20-\\x7e]*"); // plain ASCII when the terminal is not UTF-8
        }
        assertThat(text(frame).get(23)).isEqualTo(TopFrame.KEYS);
        assertThat(text(frame)).anyMatch(l -> l.startsWith("- WORKERS (" + workers + ")"));
    }

    @Test
    void helpComesFirstWithWhatItWaitsForAndTheSelectionFollowsIt() {
        TopState s = state(3, 1, 2, 2);
        assertThat(s.focus).isEqualTo(TopState.Focus.HELP);
        List<String> frame = text(TopFrame.render(s, 100, 24, NOW, true));
        assertThat(frame.get(2)).startsWith("- NEEDS HELP (1)");
        assertThat(frame.get(3)).startsWith("> worker-0  HELP").contains("Drop table users? [y/N]");
        assertThat(s.selectedWorker()).isEqualTo("worker-0");
        assertThat(s.selectedNeedsHelp()).isTrue();
        s.nextFocus();
        s.move(2);
        assertThat(s.selectedWorker()).isEqualTo("worker-2");
        assertThat(s.selectedNeedsHelp()).isFalse();
        s.nextFocus();
        assertThat(s.selectedTask()).isEqualTo("task-100");
    }

    @Test
    void paneTextCannotDriveTheTerminal() {
        TopState s = state(1, 1, 0, 0);
        ((ObjectNode) s.snapshot.path("help").get(0)).put("note", "evil \u001b]0;title\u0007\u001b[2J text");
        String row = text(TopFrame.render(s, 100, 24, NOW, true)).get(3);
        assertThat(row).doesNotContain("\u001b").doesNotContain("\u0007").contains("evil ?]0;title??[2J text");
    }

    @Test
    void aDeclinedTaskReadsDeclined() {
        TopState s = state(1, 0, 0, 0);
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.putArray("tasks").addObject().put("task_id", "clean").put("priority", 5).put("status", "failed")
                .put("error", "permission declined: rm -rf build").put("prompt", "clean up");
        s.tasks(t);
        assertThat(text(TopFrame.render(s, 100, 0, NOW, true))).anyMatch(l -> l.contains("clean") && l.contains("declined"));
    }

    @Test
    void onceShowsEverythingWithoutAHeightLimit() {
        List<String> frame = text(TopFrame.render(state(60, 0, 10, 5), 100, 0, NOW, true));
        assertThat(frame).anyMatch(l -> l.contains("worker-59"));
        assertThat(frame).anyMatch(l -> l.contains("task-109"));
    }

    @Test
    void withWorktreesAWorkerShowsItsBranchAndATaskItsIntegration() {
        TopState s = state(2, 0, 1, 0);
        ((ObjectNode) s.snapshot.path("workers").get(1)).put("branch", "swarm/task-1");
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.putArray("tasks").addObject().put("task_id", "task-7").put("priority", 5).put("status", "done")
                .put("integration", "conflict").put("command", "make");
        s.tasks(t);
        List<String> frame = text(TopFrame.render(s, 100, 24, NOW, true));
        assertThat(frame).anyMatch(l -> l.contains("worker-1") && l.contains("on swarm/task-1; running"));
        assertThat(frame).anyMatch(l -> l.contains("task-7") && l.contains("done conflict"));
    }
}
