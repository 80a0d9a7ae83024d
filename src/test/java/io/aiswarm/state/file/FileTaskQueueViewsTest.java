package io.aiswarm.state.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The views a queue keeps per version of its file, carried from version to version as tasks change, answer what a
 * queue reading the file afresh answers: after every kind of change, in a seeded random sequence.
 */
class FileTaskQueueViewsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 16, 2026})
    void viewsCarriedAcrossChangesMatchViewsMadeAfresh(long seed) {
        Random r = new Random(seed);
        MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
        Path file = tmp.resolve("tasks-" + seed + ".json");
        FileTaskQueue queue = new FileTaskQueue(file, clock);
        List<NewTask> first = new ArrayList<>();
        for (int i = 0; i < 60; i++) first.add(new NewTask(null, "echo " + i, null, 1 + r.nextInt(9)));
        queue.addAll(first);
        for (int step = 0; step < 120; step++) {
            clock.advance(Duration.ofSeconds(1));
            List<TaskInfo> tasks = queue.list();
            TaskInfo pick = tasks.get(r.nextInt(tasks.size()));
            switch (r.nextInt(6)) {
                case 0 -> queue.update(pick.taskId(), t -> t.isPending() ? t.assignedTo("worker-" + r.nextInt(3),
                        clock.instant()) : t);
                case 1 -> queue.updateAll(t -> t.status() == TaskStatus.ASSIGNED && r.nextBoolean()
                        ? t.running(clock.instant()) : t);
                case 2 -> queue.updateAll(t -> t.status().isActive() && r.nextInt(3) == 0
                        ? t.finished(TaskStatus.DONE, 0, null, null, clock.instant()) : t);
                case 3 -> queue.update(pick.taskId(), t -> t.status().isActive() ? t.requeued("again", clock.instant())
                        : t);
                case 4 -> queue.update(pick.taskId(), t -> t.withPriority(1 + r.nextInt(9), clock.instant()));
                default -> queue.add(new NewTask(null, "added " + step, null, 1 + r.nextInt(9)));
            }
            FileTaskQueue fresh = new FileTaskQueue(file, clock);
            assertThat(queue.list()).isEqualTo(fresh.list());
            assertThat(queue.active()).isEqualTo(fresh.active());
            assertThat(queue.pending(10)).isEqualTo(fresh.pending(10));
            assertThat(queue.pending(1000)).isEqualTo(fresh.pending(1000));
            assertThat(queue.countByStatus()).isEqualTo(fresh.countByStatus());
            assertThat(queue.get(pick.taskId())).isEqualTo(fresh.get(pick.taskId()));
        }
    }
}
