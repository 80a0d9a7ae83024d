package io.aiswarm.state.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.MutableClock;
import io.aiswarm.testing.PosixPerms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileTaskQueueTest {
    @TempDir
    Path tmp;
    MutableClock clock = MutableClock.at("2026-01-31T12:00:00.123456Z");
    Path file;
    FileTaskQueue queue;

    @BeforeEach
    void setUp() {
        file = tmp.resolve("tasks.json");
        queue = new FileTaskQueue(file, clock);
    }

    @Test
    void aMissingFileIsAnEmptyQueue() {
        assertThat(queue.list()).isEmpty();
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void generatesSequentialIdsAndStoresDefaults() {
        TaskInfo a = queue.add(NewTask.command("echo a"));
        TaskInfo b = queue.add(NewTask.prompt("write tests"));
        assertThat(a.taskId()).isEqualTo("task-000001");
        assertThat(b.taskId()).isEqualTo("task-000002");
        assertThat(a.priority()).isEqualTo(5);
        assertThat(a.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(a.createdAt()).isEqualTo(Instant.parse("2026-01-31T12:00:00.123Z"));
        assertThat(queue.get("task-000002")).contains(b);
    }

    @Test
    void ordersByPriorityThenArrival() {
        queue.add(new NewTask("late-low", "x", null, 9));
        queue.add(new NewTask("first-normal", "x", null, null));
        queue.add(new NewTask("urgent", "x", null, 1));
        queue.add(new NewTask("second-normal", "x", null, 5));
        assertThat(queue.list()).extracting(TaskInfo::taskId)
                .containsExactly("urgent", "first-normal", "second-normal", "late-low");
    }

    @Test
    void generatedIdsSkipIdsAlreadyInUse() {
        queue.add(new NewTask("task-000002", "x", null, null));
        assertThat(queue.add(NewTask.command("y")).taskId()).isEqualTo("task-000003");
        queue.add(new NewTask("task-000004", "x", null, null));
        assertThat(queue.add(NewTask.command("z")).taskId()).isEqualTo("task-000005");
        assertThat(queue.list()).extracting(TaskInfo::taskId).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../x", ".", "..", "a/b", "", "with space", "x\ny", "ééé",
            "a12345678901234567890123456789012345678901234567890123456789012345"})
    void rejectsUnsafeIds(String id) {
        assertThatThrownBy(() -> queue.add(new NewTask(id, "x", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task id");
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void acceptsEveryCharacterOfTheSafeAlphabet() {
        assertThat(queue.add(new NewTask("Az09._-", "x", null, null)).taskId()).isEqualTo("Az09._-");
        assertThat(queue.add(new NewTask("a".repeat(64), "x", null, null)).taskId()).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10, 100})
    void rejectsPrioritiesOutsideOneToNine(int priority) {
        assertThatThrownBy(() -> queue.add(new NewTask(null, "x", null, priority)))
                .hasMessageContaining("priority " + priority);
    }

    @Test
    void needsExactlyOneOfCommandAndPrompt() {
        assertThatThrownBy(() -> queue.add(new NewTask(null, "x", "y", null))).hasMessageContaining("not both");
        assertThatThrownBy(() -> queue.add(new NewTask(null, null, null, null))).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> queue.add(new NewTask(null, "  ", null, null))).hasMessageContaining("exactly one");
    }

    @Test
    void rejectsADuplicateIdAndAddsNothingOfTheBatch() {
        queue.add(new NewTask("a", "x", null, null));
        assertThatThrownBy(() -> queue.addAll(List.of(new NewTask("b", "x", null, null), new NewTask("a", "y", null, null))))
                .hasMessageContaining("'a' already exists");
        assertThat(queue.list()).extracting(TaskInfo::taskId).containsExactly("a");
    }

    @Test
    void writesAPrettyHandEditableFile() throws Exception {
        queue.add(new NewTask("build", "make", null, 2));
        String text = Files.readString(file);
        assertThat(text).startsWith("{\n  \"tasks\": [\n    {\n      \"task_id\": \"build\",\n");
        assertThat(text).contains("\"command\": \"make\"", "\"priority\": 2", "\"status\": \"pending\"",
                "\"created_at\": \"2026-01-31T12:00:00.123Z\"", "\"next_seq\": 2");
        assertThat(text).doesNotContain("\"prompt\"", "null", "payload", "\"pending\":").endsWith("}\n");
        assertThat(PosixPerms.of(file)).isEqualTo("rw-------");
    }

    @Test
    void anUnparsableFileIsReportedWithItsPositionAndLeftUntouched() throws Exception {
        String broken = "{\n  \"tasks\": [\n    {\"task_id\": \"a\", \"command\": \"x\"},\n    {\"task_id\": \n  ]\n}\n";
        Files.writeString(file, broken);
        assertThatThrownBy(() -> queue.add(NewTask.command("y"))).isInstanceOf(SwarmStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("line 5, column 3")
                .hasMessageContaining("left unchanged");
        assertThatThrownBy(() -> queue.list()).isInstanceOf(SwarmStateException.class);
        assertThatThrownBy(() -> queue.update("a", t -> t.withStatus(TaskStatus.DONE, clock.instant())))
                .isInstanceOf(SwarmStateException.class);
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    @Test
    void contentErrorsNameTheTaskPosition() throws Exception {
        Files.writeString(file, "{\"tasks\": [\n {\"task_id\": \"ok\", \"command\": \"x\"},\n"
                + " {\"task_id\": \"../x\", \"command\": \"x\"}\n]}");
        assertThatThrownBy(() -> queue.list()).hasMessageContaining("line 3, column 2").hasMessageContaining("../x");
        Files.writeString(file, "{\"tasks\": [{\"task_id\": \"a\", \"command\": \"x\", \"status\": \"weird\"}]}");
        assertThatThrownBy(() -> queue.list()).hasMessageContaining("weird").hasMessageContaining("line 1");
        Files.writeString(file, "{\"tasks\": [{\"task_id\": \"a\", \"command\": \"x\"}, {\"task_id\": \"a\", \"prompt\": \"y\"}]}");
        assertThatThrownBy(() -> queue.list()).hasMessageContaining("'a' appears twice");
        Files.writeString(file, "[]");
        assertThatThrownBy(() -> queue.list()).hasMessageContaining("expected a JSON object");
        Files.writeString(file, "{\"tasks\": []} trailing");
        assertThatThrownBy(() -> queue.list()).isInstanceOf(SwarmStateException.class);
    }

    @Test
    void handAddedTasksGetIdsAndArrivalOrderAndUnknownFieldsSurvive() throws Exception {
        Files.writeString(file, "{\"tasks\": [{\"command\": \"one\", \"owner\": \"ann\"}, {\"prompt\": \"two\", \"priority\": 3}],"
                + " \"comment\": \"mine\"}");
        List<TaskInfo> tasks = queue.list();
        assertThat(tasks).extracting(TaskInfo::taskId).containsExactly("task-000002", "task-000001");
        assertThat(queue.list()).isEqualTo(tasks); // deterministic before anything is written
        queue.add(NewTask.command("three"));
        assertThat(queue.get("task-000003")).isPresent();
        assertThat(queue.get("task-000001").orElseThrow().extra()).containsEntry("owner", "ann");
        assertThat(Files.readString(file)).contains("\"comment\": \"mine\"", "\"owner\": \"ann\"");
    }

    @Test
    void updateChangesOneTaskAndKeepsTheRest() {
        queue.add(new NewTask("a", "x", null, null));
        queue.add(new NewTask("b", "y", null, null));
        clock.advance(Duration.ofSeconds(5));
        TaskInfo done = queue.update("a", t -> t.assignedTo("worker-0", clock.instant()));
        assertThat(done.status()).isEqualTo(TaskStatus.ASSIGNED);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(queue.get("a")).contains(done);
        assertThat(queue.get("b").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
        assertThatThrownBy(() -> queue.update("nope", t -> t)).hasMessageContaining("no task 'nope'");
        assertThatThrownBy(() -> queue.update("a", t -> t.withPriority(12, clock.instant())))
                .hasMessageContaining("priority 12");
    }

    @Test
    void anUnchangedUpdateWritesNothing() throws Exception {
        queue.add(new NewTask("a", "x", null, null));
        long before = Files.getLastModifiedTime(file).toMillis();
        Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        queue.update("a", t -> t);
        queue.updateAll(t -> t);
        assertThat(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(key);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(before);
    }

    @Test
    void updateAllAppliesInOneWrite() {
        queue.addAll(List.of(NewTask.command("a"), NewTask.command("b"), NewTask.prompt("c")));
        List<TaskQueue.Change> changed = queue.updateAll(t -> t.command() != null
                ? t.withStatus(TaskStatus.CANCELLED, clock.instant()) : t);
        assertThat(changed).extracting(c -> c.before().status()).containsExactly(TaskStatus.PENDING, TaskStatus.PENDING);
        assertThat(queue.list()).extracting(TaskInfo::status)
                .containsExactly(TaskStatus.CANCELLED, TaskStatus.CANCELLED, TaskStatus.PENDING);
        assertThat(queue.list().subList(0, 2)).isEqualTo(changed.stream().map(TaskQueue.Change::after).toList());
    }

    @Test
    void refusesASymlinkedTasksFile() throws Exception {
        Path elsewhere = Files.writeString(tmp.resolve("planted.json"), "{\"tasks\": []}");
        Files.createSymbolicLink(file, elsewhere);
        assertThatThrownBy(() -> queue.list()).hasMessageContaining("symbolic link");
    }

    @Test
    void threadsAddingAtOnceLoseNothing() throws Exception {
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                FileTaskQueue own = new FileTaskQueue(file, clock);
                for (int j = 0; j < 25; j++) own.add(NewTask.command("echo " + j));
            });
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        assertThat(queue.list()).hasSize(100).extracting(TaskInfo::taskId).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026})
    void queueOrderIsPriorityThenArrivalForAnyMix(long seed) {
        Random random = new Random(seed);
        List<NewTask> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Integer priority = random.nextInt(4) == 0 ? null : 1 + random.nextInt(9);
            batch.add(new NewTask(null, "echo " + i, null, priority));
            if (random.nextInt(10) == 0) {
                queue.addAll(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) queue.addAll(batch);
        List<TaskInfo> listed = queue.list();
        assertThat(listed).hasSize(60);
        for (int i = 1; i < listed.size(); i++) {
            TaskInfo a = listed.get(i - 1);
            TaskInfo b = listed.get(i);
            assertThat(a.priority() < b.priority() || a.priority() == b.priority() && a.seq() < b.seq())
                    .as("%s before %s", a.taskId(), b.taskId()).isTrue();
            if (a.priority() == b.priority()) { // FIFO: arrival order is the order the commands were given
                assertThat(Integer.parseInt(a.command().substring(5))).isLessThan(Integer.parseInt(b.command().substring(5)));
            }
        }
    }
}
