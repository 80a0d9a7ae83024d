package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
        FileSwarmStore state = FileSwarmStore.open(config, Clock.systemUTC());
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
                .store(state)
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
    void anExecTaskAssignedByAMasterThatDiedBeforeStartingItRunsAgainAfterTheGrace() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        FileSwarmStore state = openState(clock);
        assignedByADeadMaster(state, clock, "assigned-not-sent");
        List<String> ran = new CopyOnWriteArrayList<>();
        SwarmMaster master = master(state, clock, instantSender(state, ran));

        master.runOnce(); // within the grace: its START could still be on its way
        assertThat(state.queue().get("assigned-not-sent").orElseThrow().status()).isEqualTo(TaskStatus.ASSIGNED);
        clock.advance(TaskRecovery.EXEC_DELIVERY_GRACE.plusSeconds(1));
        master.runOnce(); // requeued; the worker still reads busy (its last line is the old ASSIGNED)
        master.runOnce(); // dispatched again
        master.runOnce(); // finished

        assertThat(ran).containsExactly("assigned-not-sent@worker-1#2");
        assertThat(state.queue().get("assigned-not-sent").orElseThrow().status()).isEqualTo(TaskStatus.DONE);
    }

    @Test
    void anInheritedTaskWhoseStartArrivesLateKeepsRunning() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        FileSwarmStore state = openState(clock);
        assignedByADeadMaster(state, clock, "late-start");
        List<String> ran = new CopyOnWriteArrayList<>();
        SwarmMaster master = master(state, clock, instantSender(state, ran));

        master.runOnce();
        state.broadcaster().broadcast("worker-1", "late-start", BroadcastState.START, "running", Map.of("attempt", 1));
        clock.advance(TaskRecovery.EXEC_DELIVERY_GRACE.plusSeconds(1));
        master.runOnce();

        assertThat(state.queue().get("late-start").orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(ran).isEmpty();
    }

    /** Found by MasterTmuxIT: tasks.json keeps milliseconds, so the master once took its own task for an orphan. */
    @Test
    void aTaskThisMasterAssignedIsNeverTakenForAnOrphan() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.000900Z"));
        FileSwarmStore state = openState(clock);
        state.queue().add(new NewTask("mine", "sleep 300", null, null));
        List<String> ran = new CopyOnWriteArrayList<>();
        TaskSender silent = (task, worker) -> ran.add(task.taskId() + "#" + task.attempts()); // START not yet seen
        SwarmMaster master = master(state, clock, silent);

        master.runOnce();
        clock.advance(TaskRecovery.EXEC_DELIVERY_GRACE.plusSeconds(1));
        master.runOnce();

        assertThat(ran).containsExactly("mine#1");
        assertThat(state.queue().get("mine").orElseThrow().status()).isEqualTo(TaskStatus.ASSIGNED);
    }

    private FileSwarmStore openState(Clock clock) {
        SwarmConfig config = config();
        return FileSwarmStore.open(config, clock);
    }

    private SwarmConfig config() {
        return SwarmConfig.from("test", Map.of("AI_SWARM_DIR", dir.toString(),
                "AI_SWARM_POLL_INTERVAL", "0.05", "AI_SWARM_LOCK_TTL", "300"));
    }

    /** The killed master locked the task, marked it assigned and announced it, but never delivered it. */
    private static void assignedByADeadMaster(FileSwarmStore state, Clock clock, String id) {
        state.queue().add(new NewTask(id, "true", null, null));
        state.locks().acquire(id, "worker-1");
        state.queue().update(id, t -> t.assignedTo("worker-1", clock.instant()));
        state.broadcaster().broadcastAssigned("worker-1", id, "assigned", null);
    }

    private static TaskSender instantSender(FileSwarmStore state, List<String> ran) {
        return (task, worker) -> {
            ran.add(task.taskId() + "@" + worker + "#" + task.attempts());
            state.broadcaster().broadcast(worker, task.taskId(), BroadcastState.DONE, "exit 0",
                    Map.of("exit_code", 0, "attempt", task.attempts()));
        };
    }

    private SwarmMaster master(FileSwarmStore state, Clock clock, TaskSender sender) {
        return SwarmMaster.builder(config(), clock).store(state)
                .workers(List.of("worker-1")).sender(sender).build();
    }
}
