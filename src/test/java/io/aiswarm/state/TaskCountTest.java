package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.file.FileTaskQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** countByStatus streams over tasks.json; it must always agree with the full parse, or fall back to it. */
class TaskCountTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("tasks.json");
    }

    /** A fresh queue object each time: no cached snapshot, so the streaming path is the one tested. */
    private Map<TaskStatus, Integer> counted() {
        return new FileTaskQueue(file(), Clock.systemUTC()).countByStatus();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void agreesWithTheFullParseOnRandomQueues(long seed) {
        Random random = new Random(seed);
        FileTaskQueue queue = new FileTaskQueue(file(), Clock.systemUTC());
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(60); i++) {
            tasks.add(random.nextBoolean() ? NewTask.command("echo " + i)
                    : new NewTask(null, null, "prompt {\"status\": \"done\"} " + i, 1 + random.nextInt(9)));
        }
        queue.addAll(tasks);
        TaskStatus[] all = TaskStatus.values();
        for (TaskInfo task : queue.list()) {
            TaskStatus target = all[random.nextInt(all.length)];
            if (target == TaskStatus.PENDING) continue;
            queue.update(task.taskId(), t -> target.isActive() ? t.assignedTo("worker-1", t.updatedAt())
                    : t.finished(target, 0, null, null, t.updatedAt()));
        }
        assertThat(counted()).isEqualTo(TaskStatus.count(queue.list()));
        assertThat(counted().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(tasks.size());
    }

    @Test
    void anEmptyOrMissingQueueCountsZeroForEveryStatus() throws Exception {
        assertThat(counted()).hasSize(TaskStatus.values().length).allSatisfy((s, n) -> assertThat(n).isZero());
        Files.writeString(file(), "  \n");
        assertThat(counted()).allSatisfy((s, n) -> assertThat(n).isZero());
    }

    @Test
    void aHandWrittenTaskWithoutStatusFallsBackToTheFullParse() throws Exception {
        Files.writeString(file(), "{\"tasks\": [{\"command\": \"make\"}, {\"command\": \"ls\", \"status\": \"done\"}],"
                + " \"note\": {\"kept\": [1, 2]}}");
        assertThat(counted()).containsEntry(TaskStatus.PENDING, 1).containsEntry(TaskStatus.DONE, 1);
    }

    @Test
    void aBrokenFileIsReportedLikeEveryOtherReadNotCounted() throws Exception {
        Files.writeString(file(), "{\"tasks\": [{\"command\": \"make\", \"status\": \"done\"}");
        assertThatThrownBy(this::counted).isInstanceOf(SwarmStateException.class)
                .hasMessageContaining(file().toString()).hasMessageContaining("line 1");
        Files.writeString(file(), "{\"tasks\": [{\"command\": \"make\", \"status\": \"finished\"}]}");
        assertThatThrownBy(this::counted).isInstanceOf(SwarmStateException.class).hasMessageContaining("finished");
    }
}
