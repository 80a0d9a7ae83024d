package io.aiswarm.state.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.MutableClock;
import io.aiswarm.testing.PosixPerms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What only the file queue does; what every queue does is TaskQueueContract (FileStoreContractTest). */
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
    void refusesASymlinkedTasksFile() throws Exception {
        Path elsewhere = Files.writeString(tmp.resolve("planted.json"), "{\"tasks\": []}");
        Files.createSymbolicLink(file, elsewhere);
        assertThatThrownBy(() -> queue.list()).hasMessageContaining("symbolic link");
    }

    /** What lets a master skip the round its own write woke: the file is as this queue last read or wrote it. */
    @Test
    void unchangedSinceLastLookOnlyWhileNoOtherProcessWroteTheFile() {
        assertThat(queue.list()).isEmpty();
        assertThat(queue.unchangedSinceLastLook()).as("no file, as last seen").isTrue();
        queue.add(io.aiswarm.state.NewTask.command("true"));
        assertThat(queue.unchangedSinceLastLook()).as("after its own write").isTrue();
        FileTaskQueue other = new FileTaskQueue(file, clock); // another process
        other.add(io.aiswarm.state.NewTask.command("false"));
        assertThat(queue.unchangedSinceLastLook()).as("after another's write").isFalse();
        assertThat(queue.list()).hasSize(2);
        assertThat(queue.unchangedSinceLastLook()).as("once read again").isTrue();
        assertThat(io.aiswarm.state.memory.InMemorySwarmStore.open(clock, 300).queue().unchangedSinceLastLook())
                .as("a store that cannot tell").isFalse();
    }
}
