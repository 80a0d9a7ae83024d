package io.aiswarm.state.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.MutableClock;
import io.aiswarm.testing.PosixPerms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the file queue keeps finished tasks apart, on disk: what tasks.json and the archive hold, and recovery. */
class FileTaskArchiveTest {
    @TempDir
    Path tmp;
    MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    Path file;
    Path archive;
    FileTaskQueue queue;

    @BeforeEach
    void setUp() {
        file = tmp.resolve("tasks.json");
        archive = tmp.resolve("tasks.archive.jsonl");
        queue = new FileTaskQueue(file, clock, 3);
    }

    private void finishTasks(String prefix, int n) {
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) tasks.add(new NewTask(prefix + i, "echo " + i, null, null));
        queue.addAll(tasks);
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            queue.update(prefix + i, t -> t.assignedTo("w", clock.instant()).finished(TaskStatus.DONE, 0, null, null,
                    clock.instant()));
        }
    }

    private JsonNode tasksJson() throws Exception {
        return Json.MAPPER.readTree(file.toFile());
    }

    private List<String> archiveLines() throws Exception {
        return Files.readAllLines(archive);
    }

    @Test
    void pastTheThresholdFinishedTasksMoveToTheArchiveAndTasksJsonSummarisesThem() throws Exception {
        queue.add(new NewTask("live", "x", null, null));
        finishTasks("old-", 10);
        JsonNode json = tasksJson();
        assertThat(json.get("tasks").size()).isLessThanOrEqualTo(4); // the live task and at most 3 finished
        assertThat(json.at("/archived/file").asText()).isEqualTo("tasks.archive.jsonl");
        assertThat(json.at("/archived/bytes").asLong()).isEqualTo(Files.size(archive));
        int archived = json.at("/archived/tasks/done").asInt();
        assertThat(archived + json.get("tasks").size() - 1).isEqualTo(10);
        assertThat(archiveLines()).hasSize(archived).allSatisfy(l -> assertThat(l).startsWith("{\"task_id\":\"old-"));
        assertThat(PosixPerms.of(archive)).isEqualTo("rw-------");
        // another process sees the whole queue, and counts it without reading the archive
        FileTaskQueue other = new FileTaskQueue(file, clock);
        assertThat(other.list()).hasSize(11);
        assertThat(other.countByStatus()).containsEntry(TaskStatus.DONE, 10).containsEntry(TaskStatus.PENDING, 1);
        assertThat(other.get("old-0").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
    }

    @Test
    void declinedTasksAreCountedFromTheSummary() throws Exception {
        queue.add(new NewTask("no", "x", null, null));
        queue.update("no", t -> t.assignedTo("w", clock.instant()).finished(TaskStatus.FAILED, 1, null,
                TaskInfo.DECLINED + "sudo", clock.instant()));
        finishTasks("old-", 6);
        assertThat(Files.readString(archive)).contains("\"no\"");
        assertThat(tasksJson().at("/archived/declined").asInt()).isEqualTo(1);
        assertThat(new FileTaskQueue(file, clock).countDeclined()).isEqualTo(1);
    }

    @Test
    void aFinishedTaskThatAnUnfinishedOneAwaitsStaysInTasksJson() throws Exception {
        finishTasks("dep-", 1);
        queue.add(new NewTask("waiting", "x", null, null, Map.of(TaskDependencies.AFTER, List.of("dep-0"))));
        queue.update("waiting", t -> t.withPriority(4, clock.instant())); // a write, not a finish
        finishTasks("old-", 6);
        assertThat(tasksJson().get("tasks").findValuesAsText("task_id")).contains("dep-0", "waiting");
        assertThat(Files.readString(archive)).doesNotContain("dep-0");
    }

    @Test
    void aCrashBetweenTheArchiveAndTasksJsonLeavesEveryTaskOnceAndTheCountsRight() throws Exception {
        finishTasks("old-", 5);
        queue.add(new NewTask("live", "x", null, null));
        // a writer appended these to the archive and died before it wrote tasks.json: they are in both
        StringBuilder copies = new StringBuilder();
        for (TaskInfo t : queue.list()) {
            if (t.status() == TaskStatus.DONE && tasksJson().get("tasks").findValuesAsText("task_id")
                    .contains(t.taskId())) {
                copies.append(Json.MAPPER.writeValueAsString(t)).append('\n');
            }
        }
        assertThat(copies).isNotEmpty();
        Files.writeString(archive, copies, StandardOpenOption.APPEND);
        Files.writeString(archive, "{\"task_id\":\"torn", StandardOpenOption.APPEND); // and one cut short
        FileTaskQueue other = new FileTaskQueue(file, clock, 3);
        assertThat(other.list()).hasSize(6).extracting(TaskInfo::taskId).doesNotHaveDuplicates();
        assertThat(other.countByStatus()).containsEntry(TaskStatus.DONE, 5).containsEntry(TaskStatus.PENDING, 1);
        // the next write makes the summary right again and drops the torn line
        finishTasks("more-", 4);
        assertThat(Files.readString(archive)).doesNotContain("torn").endsWith("\n");
        assertThat(tasksJson().at("/archived/bytes").asLong()).isEqualTo(Files.size(archive));
        assertThat(new FileTaskQueue(file, clock).countByStatus()).containsEntry(TaskStatus.DONE, 9);
        assertThat(other.list()).hasSize(10).extracting(TaskInfo::taskId).doesNotHaveDuplicates();
    }

    @Test
    void aBrokenArchiveLineIsAnErrorNamingTheFileAndNothingIsOverwritten() throws Exception {
        finishTasks("old-", 5);
        Files.writeString(archive, "{not json}\n", StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(archive);
        byte[] tasksBefore = Files.readAllBytes(file);
        FileTaskQueue other = new FileTaskQueue(file, clock, 3);
        assertThatThrownBy(other::list).isInstanceOf(SwarmStateException.class)
                .hasMessageContaining(archive.toString()).hasMessageContaining("left unchanged");
        assertThatThrownBy(() -> other.add(new NewTask("x", "x", null, null))).isInstanceOf(SwarmStateException.class);
        assertThat(Files.readAllBytes(archive)).isEqualTo(before);
        assertThat(Files.readAllBytes(file)).isEqualTo(tasksBefore);
    }

    @Test
    void aTasksJsonOfAnEarlierVersionLoadsAndItsHistoryMovesAtTheNextWrite() throws Exception {
        StringBuilder json = new StringBuilder("{\"tasks\": [");
        for (int i = 0; i < 8; i++) {
            json.append(i == 0 ? "" : ",").append("{\"task_id\": \"t").append(i).append("\", \"command\": \"x\",")
                    .append(" \"status\": \"done\", \"seq\": ").append(i + 1).append(", \"custom\": ").append(i)
                    .append("}");
        }
        json.append("], \"next_seq\": 9, \"kept\": {\"a\": 1}}");
        Files.writeString(file, json);
        assertThat(queue.list()).hasSize(8);
        queue.add(new NewTask("new", "x", null, null));
        assertThat(archiveLines()).hasSize(8).allSatisfy(l -> assertThat(l).contains("\"custom\":"));
        assertThat(tasksJson().get("kept").get("a").asInt()).isEqualTo(1);
        assertThat(new FileTaskQueue(file, clock).list()).hasSize(9);
        assertThat(queue.get("t3").orElseThrow().extra()).containsEntry("custom", 3);
    }

    @Test
    void aRetriedArchivedTaskComesBackAndARemovedOneLeavesTheArchive() throws Exception {
        finishTasks("old-", 8);
        assertThat(Files.readString(archive)).contains("\"old-0\"");
        queue.update("old-0", t -> t.requeued("again", clock.instant()));
        assertThat(tasksJson().get("tasks").findValuesAsText("task_id")).contains("old-0");
        FileTaskQueue other = new FileTaskQueue(file, clock);
        assertThat(other.get("old-0").orElseThrow().isPending()).isTrue();
        assertThat(other.countByStatus()).containsEntry(TaskStatus.PENDING, 1).containsEntry(TaskStatus.DONE, 7);
        assertThat(queue.removeIf(t -> t.taskId().equals("old-0") || t.taskId().equals("old-1")))
                .extracting(TaskInfo::taskId).containsExactly("old-0", "old-1");
        assertThat(Files.readString(archive)).doesNotContain("\"old-0\"").doesNotContain("\"old-1\"");
        assertThat(other.list()).hasSize(6);
        assertThat(other.countByStatus()).containsEntry(TaskStatus.DONE, 6).containsEntry(TaskStatus.PENDING, 0);
    }

    @Test
    void recentReadsOnlyTheArchivesLastLines() throws Exception {
        finishTasks("old-", 30);
        queue.add(new NewTask("live", "x", null, null));
        // an unreadable line early in the archive is not read by a short listing
        List<String> lines = new ArrayList<>(archiveLines());
        lines.set(0, "{broken");
        Files.write(archive, lines, StandardCharsets.UTF_8);
        assertThat(new FileTaskQueue(file, clock).recent(5)).extracting(TaskInfo::taskId)
                .containsExactly("old-25", "old-26", "old-27", "old-28", "old-29", "live");
    }

    /** What a master does each round (its live tasks assigned, finished, archived, counted) never reads the history. */
    @Test
    void changingAndArchivingLiveTasksNeverReadsTheHistory() throws Exception {
        finishTasks("old-", 6);
        for (int i = 0; i < 8; i++) queue.add(new NewTask("live-" + i, "x", null, null));
        byte[] bytes = Files.readAllBytes(archive);
        byte[] broken = "{broken ".getBytes(StandardCharsets.UTF_8); // same size: the summary still describes it
        System.arraycopy(broken, 0, bytes, 0, broken.length);
        Files.write(archive, bytes);
        long before = Files.size(archive);
        FileTaskQueue master = new FileTaskQueue(file, clock, 3);
        for (int i = 0; i < 8; i++) {
            clock.advance(Duration.ofSeconds(1));
            master.updateUnfinished(t -> t.isPending() ? t.assignedTo("w", clock.instant()) : t);
            String id = "live-" + i;
            master.update(id, t -> t.finished(TaskStatus.DONE, 0, null, null, clock.instant()));
            master.updateUnfinished(t -> t.status().isActive() ? t.requeued("again", clock.instant()) : t);
            assertThat(master.active()).isEmpty();
            assertThat(master.countByStatus()).containsEntry(TaskStatus.DONE, 7 + i);
        }
        assertThat(Files.size(archive)).isGreaterThan(before);
        assertThatThrownBy(master::list).hasMessageContaining(archive.toString()); // only a full read meets it
    }

    /** New tasks are checked against the archive by a pass that builds no task: it finds what a full read finds. */
    @Test
    void theIdsPassFindsWhatAFullReadFindsAndGivesWayOnAnOddLine() throws Exception {
        finishTasks("old-", 6);
        queue.add(new NewTask("waits", "x", null, null, Map.of(TaskDependencies.AFTER, List.of("old-1", "old-2"))));
        queue.update("waits", t -> t.assignedTo("w", clock.instant()).finished(TaskStatus.DONE, 0, null, null,
                clock.instant()));
        finishTasks("more-", 4);
        TaskArchive a = new TaskArchive(archive);
        Map<String, List<String>> full = new java.util.HashMap<>();
        a.read(null).byId().values().forEach(t -> full.put(t.taskId(), TaskDependencies.after(t)));
        assertThat(full).containsEntry("waits", List.of("old-1", "old-2")).hasSizeGreaterThan(5);
        assertThat(a.ids(null).map(TaskArchive.Ids::afterById)).contains(full);
        // read on from where it stopped: the same as read afresh
        TaskArchive.Ids first = a.ids(null).orElseThrow();
        finishTasks("late-", 5);
        Map<String, List<String>> again = new java.util.HashMap<>();
        a.read(null).byId().values().forEach(t -> again.put(t.taskId(), TaskDependencies.after(t)));
        assertThat(a.ids(first).orElseThrow().afterById()).isEqualTo(again).containsKey("late-0");
        FileTaskQueue other = new FileTaskQueue(file, clock, 3);
        assertThatThrownBy(() -> other.add(new NewTask("waits", "x", null, null))).hasMessageContaining("'waits'");
        assertThat(other.add(new NewTask("next", "x", null, null, Map.of(TaskDependencies.AFTER, List.of("old-0"))))
                .taskId()).isEqualTo("next");
        Files.writeString(archive, "[\"not a task\"]\n", StandardOpenOption.APPEND);
        assertThat(a.ids(null)).isEmpty();
        assertThatThrownBy(() -> new FileTaskQueue(file, clock).add(NewTask.command("x")))
                .hasMessageContaining(archive.toString());
    }

    @Test
    void aSymbolicLinkPlantedAsTheArchiveIsRefused() throws Exception {
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "");
        Files.createSymbolicLink(archive, elsewhere);
        assertThatThrownBy(() -> finishTasks("old-", 5)).hasMessageContaining("symbolic link");
        assertThat(Files.readString(elsewhere)).isEmpty();
    }
}
