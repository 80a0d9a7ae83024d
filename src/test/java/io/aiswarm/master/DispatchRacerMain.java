package io.aiswarm.master;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child JVM: a dispatcher (no master lease) racing others on the same swarm directory. Each delivery appends
 * "task worker pid" to the sent file; the workers then finish at once. Args: swarmDir sentFile goFile workers.
 * Once started it creates "goFile.ready-PID" and waits for the go file, so that the racers start together.
 */
public final class DispatchRacerMain {
    public static void main(String[] args) throws Exception {
        SwarmConfig config = SwarmConfig.from("race", Map.of("AI_SWARM_DIR", args[0]));
        FileSwarmStore state = FileSwarmStore.open(config, Clock.systemUTC());
        Path sent = Path.of(args[1]);
        TaskSender record = (task, worker) -> append(sent, task.taskId() + " " + worker + " "
                + ProcessHandle.current().pid() + "\n");
        MasterDispatcher dispatcher = new MasterDispatcher(state.queue(), state.locks(), state.broadcaster(), record,
                Clock.systemUTC(), message -> { });
        Files.createFile(Path.of(args[2] + ".ready-" + ProcessHandle.current().pid()));
        while (!Files.exists(Path.of(args[2]))) Thread.sleep(2); // polls for the go file: the start is the event
        int workers = Integer.parseInt(args[3]);
        while (state.queue().list().stream().anyMatch(t -> !t.status().isFinal())) {
            Map<String, WorkerStatus> all = new LinkedHashMap<>();
            for (int w = 0; w < workers; w++) {
                all.put("worker-" + w, WorkerStatus.of("worker-" + w, null, "", Clock.systemUTC().instant(), false));
            }
            dispatcher.dispatchAll(all);
            Instant now = Clock.systemUTC().instant();
            for (TaskQueue.Change done : state.queue().updateAll(t -> t.status().isActive()
                    ? t.finished(TaskStatus.DONE, 0, null, null, now) : t)) {
                state.locks().release(done.after().taskId(), done.after().workerId());
            }
        }
    }

    private static void append(Path file, String line) {
        try {
            Files.write(file, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
