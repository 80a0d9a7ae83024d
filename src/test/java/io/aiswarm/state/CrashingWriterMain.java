package io.aiswarm.state;

import io.aiswarm.state.file.FileSwarmStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;

/**
 * Child JVM: writes queue, locks and status log as fast as it can until killed. Args: swarmDir worker. Prints
 * "ready", then "added ID" as each task's add has returned (the parent kills it after a number of those).
 */
public final class CrashingWriterMain {
    public static void main(String[] args) {
        FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("default", Map.of(SwarmConfig.ENV_DIR, args[0])),
                Clock.systemUTC());
        String worker = args[1];
        Random random = new Random();
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; ; i++) {
            TaskInfo t = state.queue().add(NewTask.command("echo " + "x".repeat(random.nextInt(2000))));
            System.out.println("added " + t.taskId());
            System.out.flush();
            state.queue().updateAll(task -> task.status() == TaskStatus.PENDING && random.nextInt(4) == 0
                    ? task.assignedTo(worker, Clock.systemUTC().instant()) : task);
            state.locks().acquire(t.taskId(), worker);
            state.locks().heartbeat(t.taskId(), worker);
            if (i % 2 == 0) state.locks().release(t.taskId(), worker);
            state.broadcaster().broadcastStart(worker, t.taskId(), "y".repeat(random.nextInt(5000)));
        }
    }
}
