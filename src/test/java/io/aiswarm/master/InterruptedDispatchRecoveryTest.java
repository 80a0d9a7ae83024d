package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmState;
import io.aiswarm.state.TaskStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master killed between taking a task's lock and marking the task assigned leaves a live lock on a pending
 * task. The next master must free it at once, not leave the task and its worker blocked for the lock's TTL.
 */
class InterruptedDispatchRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aLockLeftOnAPendingTaskIsReleasedAndTheTaskRuns() throws Exception {
        SwarmConfig config = SwarmConfig.from("test", Map.of("AI_SWARM_DIR", dir.toString(),
                "AI_SWARM_POLL_INTERVAL", "0.05", "AI_SWARM_LOCK_TTL", "300"));
        SwarmState state = SwarmState.open(config, Clock.systemUTC());
        state.queue().add(new NewTask("half-dispatched", "true", null, null));
        state.locks().acquire("half-dispatched", "worker-1"); // what the killed master left behind

        List<String> ran = new CopyOnWriteArrayList<>();
        TaskSender instant = (task, worker) -> {
            ran.add(task.taskId() + "@" + worker);
            state.broadcaster().broadcast(worker, task.taskId(), BroadcastState.DONE, "exit 0",
                    Map.of("exit_code", 0, "attempt", task.attempts()));
        };
        List<String> messages = new CopyOnWriteArrayList<>();
        SwarmMaster master = SwarmMaster.builder(config, Clock.systemUTC())
                .state(state.queue(), state.locks(), state.statusLog())
                .workers(List.of("worker-1")).sender(instant).listener(new MasterListener() {
                    @Override
                    public void message(String text) {
                        messages.add(text);
                    }
                }).build();

        master.runOnce();
        master.runOnce();

        assertThat(ran).containsExactly("half-dispatched@worker-1");
        assertThat(state.queue().get("half-dispatched").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
        assertThat(messages).anyMatch(m -> m.contains("released the lock of pending task half-dispatched"));
        assertThat(state.locks().list()).isEmpty();
    }
    @Test
    void anExecTaskAssignedByAMasterThatDiedBeforeStartingItRunsAgain() throws Exception {
        SwarmConfig config = SwarmConfig.from("test", Map.of("AI_SWARM_DIR", dir.toString(),
                "AI_SWARM_POLL_INTERVAL", "0.05", "AI_SWARM_LOCK_TTL", "300"));
        SwarmState state = SwarmState.open(config, Clock.systemUTC());
        state.queue().add(new NewTask("assigned-not-sent", "true", null, null));
        // the killed master locked it, marked it assigned and announced it, but never delivered it
        state.locks().acquire("assigned-not-sent", "worker-1");
        state.queue().update("assigned-not-sent", t -> t.assignedTo("worker-1", java.time.Instant.now()));
        state.broadcaster().broadcastAssigned("worker-1", "assigned-not-sent", "assigned", null);
        Thread.sleep(5); // this master becomes active after that assignment

        List<String> ran = new CopyOnWriteArrayList<>();
        TaskSender instant = (task, worker) -> {
            ran.add(task.taskId() + "@" + worker + "#" + task.attempts());
            state.broadcaster().broadcast(worker, task.taskId(), BroadcastState.DONE, "exit 0",
                    Map.of("exit_code", 0, "attempt", task.attempts()));
        };
        SwarmMaster master = SwarmMaster.builder(config, Clock.systemUTC())
                .state(state.queue(), state.locks(), state.statusLog())
                .workers(List.of("worker-1")).sender(instant).build();
        master.runOnce(); // requeued; the worker still reads busy (its last line is the old ASSIGNED)
        master.runOnce(); // dispatched again
        master.runOnce(); // finished

        assertThat(ran).containsExactly("assigned-not-sent@worker-1#2");
        assertThat(state.queue().get("assigned-not-sent").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
    }
}
