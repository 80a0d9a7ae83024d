package io.aiswarm.state.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory copy of tasks.json never hides a change made by another process or by hand. */
class FileTaskQueueCacheTest {
    @TempDir
    Path dir;

    @Test
    void seesTasksAddedThroughAnotherQueueObject() {
        FileTaskQueue mine = new FileTaskQueue(dir.resolve("tasks.json"), Clock.systemUTC());
        FileTaskQueue theirs = new FileTaskQueue(dir.resolve("tasks.json"), Clock.systemUTC());
        mine.add(NewTask.command("one"));
        assertThat(mine.list()).hasSize(1);
        theirs.add(NewTask.command("two"));
        assertThat(mine.list()).extracting(TaskInfo::command).containsExactly("one", "two");
        mine.update(mine.list().get(1).taskId(), t -> t.withPriority(1, t.updatedAt()));
        assertThat(theirs.list()).extracting(TaskInfo::command).containsExactly("two", "one");
    }

    @Test
    void seesAHandEditInPlace() throws Exception {
        Path file = dir.resolve("tasks.json");
        FileTaskQueue queue = new FileTaskQueue(file, Clock.systemUTC());
        TaskInfo task = queue.add(new NewTask("edit-me", "echo old", null, null));
        assertThat(queue.get("edit-me")).get().extracting(TaskInfo::command).isEqualTo("echo old");
        String edited = Files.readString(file).replace("echo old", "echo brand-new");
        // an editor that truncates and rewrites the same file (same inode), as some do
        Files.writeString(file, edited, StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(queue.get(task.taskId())).get().extracting(TaskInfo::command).isEqualTo("echo brand-new");
    }

    @Test
    void listsAreSnapshotsThatCallersCannotChange() {
        FileTaskQueue queue = new FileTaskQueue(dir.resolve("tasks.json"), Clock.systemUTC());
        queue.addAll(java.util.List.of(new NewTask("b", "x", null, 5), new NewTask("a", "y", null, 1)));
        queue.list().clear();
        queue.updateAll(t -> t); // sorts its result: must not reorder the stored version
        assertThat(queue.list()).extracting(TaskInfo::taskId).containsExactly("a", "b");
        assertThat(queue.get("b")).isPresent();
    }
}
