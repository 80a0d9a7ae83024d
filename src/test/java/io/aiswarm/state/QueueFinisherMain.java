package io.aiswarm.state;

import io.aiswarm.state.file.FileTaskQueue;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Child JVM: adds {@code count} tasks one at a time and finishes each (every fifth is retried, then finished again),
 * on a queue that archives past {@code archiveAt} finished tasks. Args: tasksFile goFile count tag archiveAt.
 */
public final class QueueFinisherMain {
    public static void main(String[] args) throws Exception {
        FileTaskQueue queue = new FileTaskQueue(Path.of(args[0]), Clock.systemUTC(), Integer.parseInt(args[4]));
        ChildSupport.awaitGo(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            String id = args[3] + "-" + i;
            queue.add(new NewTask(id, "echo " + i, null, null));
            finish(queue, id);
            if (i % 5 == 4) {
                String again = args[3] + "-" + (i - 3); // archived by now, most likely: it comes back, and goes again
                queue.update(again, t -> t.requeued("retried", Instant.now()));
                finish(queue, again);
            }
        }
    }

    private static void finish(FileTaskQueue queue, String id) {
        queue.update(id, t -> t.assignedTo("w", Instant.now()).finished(TaskStatus.DONE, 0, null, null,
                Instant.now()));
    }
}
