package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileMasterLease;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.state.memory.InMemorySwarmStore;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's rounds without tmux: workers are an explicit list, delivery is recorded. Its logic runs on the
 * in-memory store (no disk); the lease, wake-ups from files and a damaged tasks.json on the file store.
 */
@Timeout(120)
class SwarmMasterTest {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    final RecordingSender sender = new RecordingSender();
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<String> helps = new CopyOnWriteArrayList<>();

    private SwarmConfig config(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("AI_SWARM_DIR", dir.toString());
        env.putIfAbsent("AI_SWARM_POLL_INTERVAL", "0.05");
        return SwarmConfig.from("test", env);
    }

    private FileSwarmStore state(SwarmConfig config, Clock c) {
        return FileSwarmStore.open(config, c);
    }

    /** The master's logic needs no disk: the in-memory store, with the configuration's lock TTL. */
    private SwarmStore memory(SwarmConfig config, Clock c) {
        return InMemorySwarmStore.open(c, config.lockTtlSeconds());
    }

    private StatusBroadcaster broadcaster(SwarmStore store, Clock c) {
        return new StatusBroadcaster(store.statusLog(), c);
    }

    private SwarmMaster master(SwarmConfig config, SwarmStore state, TaskSender delivery) {
        return SwarmMaster.builder(config, clock).store(state)
                .workers(List.of("worker-0", "worker-1")).sender(delivery).listener(new MasterListener() {
                    @Override
                    public void message(String text) {
                        messages.add(text);
                    }

                    @Override
                    public void help(String workerId, String taskId, String message) {
                        helps.add(workerId + " " + taskId + " " + message);
                    }
                }).build();
    }

    @Test
    void finishesTasksFromDoneAndErrorLinesAndFreesTheWorker() {
        SwarmConfig config = config(Map.of());
        SwarmStore state = memory(config, clock);
        state.queue().addAll(List.of(NewTask.command("true"), NewTask.command("false"), NewTask.command("true")));
        SwarmMaster master = master(config, state, sender);
        RoundSummary first = master.runOnce();
        assertThat(first.dispatched()).hasSize(2);
        String ok = sender.sent.get(0).taskId();
        String bad = sender.sent.get(1).taskId();
        StatusBroadcaster worker = broadcaster(state, clock);
        worker.broadcastStart(sender.sent.get(0).workerId(), ok, "running");
        worker.broadcast(sender.sent.get(0).workerId(), ok, BroadcastState.DONE, "exit 0",
                Map.of("exit_code", 0, "attempt", 1));
        worker.broadcast(sender.sent.get(1).workerId(), bad, BroadcastState.ERROR, "exit 1",
                Map.of("exit_code", 1, "attempt", 1));
        RoundSummary second = master.runOnce();
        assertThat(second.finished()).extracting(TaskInfo::taskId).containsExactlyInAnyOrder(ok, bad);
        TaskInfo done = state.queue().get(ok).orElseThrow();
        assertThat(done.status()).isEqualTo(TaskStatus.DONE);
        assertThat(done.exitCode()).isZero();
        assertThat(done.resultFile()).isEqualTo("results/" + ok + ".log");
        TaskInfo failed = state.queue().get(bad).orElseThrow();
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(state.locks().list()).extracting(l -> l.taskId()).doesNotContain(ok, bad);
        assertThat(second.dispatched()).hasSize(1);
        assertThat(second.pending()).isZero();
    }

    /** Issue 9: an answer's START appended after the task's DONE never keeps the worker busy (not even in status). */
    @Test
    void aStartForATaskThatAlreadyEndedLeavesTheWorkerIdle() {
        SwarmConfig config = config(Map.of());
        FileSwarmStore state = state(config, clock);
        TaskInfo first = state.queue().add(NewTask.command("true"));
        SwarmMaster master = master(config, state, sender);
        master.runOnce();
        String worker = sender.sent.get(0).workerId();
        state.broadcaster().broadcast(worker, first.taskId(), BroadcastState.DONE, "exit 0",
                Map.of("exit_code", 0, "attempt", 1));
        master.runOnce();
        // a late answer to the task's prompt, after its end
        state.broadcaster().broadcast(worker, first.taskId(), BroadcastState.START, "answered no by a person",
                Map.of("attempt", 1));
        master.runOnce();
        TaskInfo second = state.queue().add(NewTask.command("true"));
        TaskInfo third = state.queue().add(NewTask.command("true"));
        RoundSummary round = master.runOnce();
        assertThat(round.dispatched()).extracting(DispatchResult::taskId)
                .containsExactlyInAnyOrder(second.taskId(), third.taskId());
        assertThat(state.queue().get(first.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.DONE);
    }

    @Test
    void ignoresTheLateReportOfAnAttemptItGaveUpOn() {
        SwarmConfig config = config(Map.of());
        SwarmStore state = memory(config, clock);
        TaskInfo task = state.queue().add(NewTask.command("true"));
        SwarmMaster master = master(config, state, sender);
        master.runOnce();
        String worker = sender.sent.get(0).workerId();
        broadcaster(state, clock).broadcast(worker, task.taskId(), BroadcastState.DONE, "exit 0",
                Map.of("exit_code", 0, "attempt", 7));
        master.runOnce();
        assertThat(state.queue().get(task.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.ASSIGNED);
    }

    @Test
    void requeuesATaskWhoseLockExpiredAndFailsItAfterMaxAttempts() {
        SwarmConfig config = config(Map.of("AI_SWARM_MAX_ATTEMPTS", "2", "AI_SWARM_LOCK_TTL", "30"));
        SwarmStore state = memory(config, clock);
        TaskInfo task = state.queue().add(NewTask.command("sleep 1000"));
        SwarmMaster master = master(config, state, sender);
        master.runOnce();
        clock.advance(Duration.ofSeconds(31));
        RoundSummary requeue = master.runOnce();
        assertThat(requeue.requeued()).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
            assertThat(t.attempts()).isEqualTo(1);
        });
        // the SKIP line frees the worker: it is dispatched again in the same round
        assertThat(requeue.dispatched()).extracting(DispatchResult::taskId).containsExactly(task.taskId());
        clock.advance(Duration.ofSeconds(31));
        RoundSummary giveUp = master.runOnce();
        TaskInfo failed = state.queue().get(task.taskId()).orElseThrow();
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(2);
        assertThat(failed.error()).contains("gave up after 2 attempts");
        assertThat(giveUp.dispatched()).isEmpty();
        assertThat(sender.sent).hasSize(2);
    }

    @Test
    void raisesHelpForAWaitingWorkerAndRunsTheNotifyCommandOnce() throws Exception {
        Path notified = dir.resolve("notified.txt");
        SwarmConfig config = config(Map.of("AI_SWARM_NOTIFY_CMD",
                "printf '%s|%s|%s\\n' \"$AI_SWARM_WORKER_ID\" \"$AI_SWARM_TASK_ID\" \"$AI_SWARM_MESSAGE\" >> "
                        + notified));
        SwarmStore state = memory(config, clock);
        SwarmMaster master = master(config, state, sender);
        broadcaster(state, clock).broadcastWait("worker-1", "t7", "Delete the database? [y/N]");
        master.runOnce();
        master.runOnce();
        master.runOnce();
        List<StatusEvent> lines = state.statusLog().follow().poll();
        assertThat(lines).extracting(StatusEvent::state).containsExactly(BroadcastState.WAIT, BroadcastState.HELP);
        assertThat(helps).containsExactly("worker-1 t7 waiting for input: Delete the database? [y/N] (answer with: swarm answer worker-1 yes|no|cancel)");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(notified)
                && Files.readString(notified).contains("\n"));
        assertThat(Files.readAllLines(notified))
                .containsExactly("worker-1|t7|waiting for input: Delete the database? [y/N] (answer with: swarm answer worker-1 yes|no|cancel)");
        // a restarted master does not notify again for HELP already in the log... unless it is still outstanding
        helps.clear();
        master(config, state, sender).runOnce();
        assertThat(helps).hasSize(1);
        // its notify command runs too; wait for it so it does not write into the deleted temp dir
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readAllLines(notified).size() == 2);
    }

    @Test
    void eachNewHelpPopsOneDesktopNotificationThroughNotifySend() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("notify-send.txt");
        Path fake = bin.resolve("notify-send");
        Files.writeString(fake, "#!/bin/sh\nprintf '%s|' \"$@\" >> " + calls + "\necho >> " + calls + "\n");
        fake.toFile().setExecutable(true);
        SwarmConfig config = config(Map.of("PATH", bin + ":/usr/bin:/bin", "DISPLAY", ":0"));
        SwarmStore state = memory(config, clock);
        SwarmMaster master = master(config, state, sender);
        broadcaster(state, clock).broadcastWait("worker-1", "t7", "Delete the database? [y/N]");
        master.runOnce();
        master.runOnce();
        master.runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(calls) && Files.readString(calls).endsWith("\n"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> Files.readAllLines(calls).size() == 1);
        assertThat(Files.readString(calls)).isEqualTo("--app-name=AI Swarm|--urgency=critical|--|"
                + "AI Swarm: worker-1 needs help (t7)|waiting for input: Delete the database? [y/N] "
                + "(answer with: swarm answer worker-1 yes|no|cancel)|\n");
    }

    @Test
    void onePromptReportedThreeWaysReachesThePersonOnceAndTheNextPromptAgain() {
        SwarmConfig config = config(Map.of());
        SwarmStore state = memory(config, clock);
        SwarmMaster master = master(config, state, sender);
        master.runOnce();
        StatusBroadcaster log = broadcaster(state, clock);
        // the agent monitor reads the dialog, the agent's hook reports it, the rescuer sees it on the screen
        log.broadcastWait("worker-1", "t9", "permission asked: rm -rf build");
        log.broadcastHelp("worker-1", "t9", "agent asks permission to run: rm -rf build", Map.of());
        master.runOnce();
        log.broadcastWait("worker-1", "t9", "Claude needs your permission to use Bash");
        master.runOnce();
        log.broadcastHelp("worker-1", "t9", "prompt needs a person: rm -rf build", Map.of("raised_by", "rescuer"));
        master.runOnce();
        master.runOnce();
        assertThat(helps).containsExactly("worker-1 t9 agent asks permission to run: rm -rf build");
        assertThat(state.statusLog().follow().poll()).filteredOn(e -> e.state() == BroadcastState.HELP)
                .as("the master raised no HELP of its own for a prompt already reported").hasSize(2);

        // answered: the agent works again; its next dialog is a new prompt
        log.broadcastStart("worker-1", "t9", "working again: the permission dialog was answered");
        log.broadcastWait("worker-1", "t9", "permission asked: git push --force");
        master.runOnce();
        master.runOnce();
        assertThat(helps).hasSize(2);
        assertThat(helps.get(1)).isEqualTo("worker-1 t9 waiting for input: permission asked: git push --force (answer with: swarm answer worker-1 yes|no|cancel)");
    }

    @Test
    void runUntilDrainsTheQueueWithWorkersThatFinishAtOnce() throws Exception {
        SwarmConfig config = config(Map.of());
        FileSwarmStore state = state(config, Clock.systemUTC());
        state.queue().addAll(List.of(NewTask.command("a"), NewTask.command("b"), NewTask.command("c"),
                NewTask.command("d"), NewTask.command("e")));
        TaskSender instant = (task, worker) -> state.broadcaster().broadcast(worker, task.taskId(),
                BroadcastState.DONE, "exit 0", Map.of("exit_code", 0, "attempt", task.attempts()));
        SwarmMaster master = SwarmMaster.builder(config, Clock.systemUTC())
                .store(state)
                .workers(List.of("worker-0", "worker-1")).sender(instant).build();
        RoundSummary last = master.runUntil(() -> false, true, false);
        assertThat(last.drained()).isTrue();
        assertThat(state.queue().list()).allMatch(t -> t.status() == TaskStatus.DONE);
    }

    @Test
    void aSecondMasterRefusesOrWaitsAsStandby() throws Exception {
        SwarmConfig config = config(Map.of());
        FileSwarmStore state = state(config, clock);
        SwarmMaster first = master(config, state, sender);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RoundSummary> running = pool.submit(() -> first.runUntil(() -> false, false, false));
            await().atMost(Duration.ofSeconds(20)).until(() -> FileMasterLease.holder(config.paths().masterLock())
                    .isPresent());
            SwarmMaster second = master(config, state, sender);
            assertThatThrownBy(() -> second.runUntil(() -> false, false, false))
                    .isInstanceOf(SwarmStateException.class).hasMessageContaining("another master is active");
            Future<RoundSummary> standby = pool.submit(() -> second.runUntil(() -> false, true, true));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> messages.stream().anyMatch(m -> m.startsWith("standby")));
            assertThat(standby).isNotDone();
            first.stop();
            running.get();
            assertThat(standby.get()).isNotNull(); // took over, found the (empty) queue drained and exited
            assertThat(messages).contains("this master is now active");
        } finally {
            first.stop();
            pool.shutdownNow();
        }
    }
    @Test
    void aDryRunSaysWhatItWouldDispatchAndChangesNothing() throws Exception {
        SwarmConfig config = config(Map.of());
        FileSwarmStore state = state(config, clock);
        TaskInfo task = state.queue().add(NewTask.command("true"));
        byte[] before = Files.readAllBytes(config.paths().tasksFile());
        SwarmMaster master = SwarmMaster.builder(config, clock).store(state)
                .workers(List.of("worker-0")).sender(sender).dryRun(true).listener(new MasterListener() {
                    @Override
                    public void message(String text) {
                        messages.add(text);
                    }
                }).build();
        RoundSummary summary = master.runOnce();
        assertThat(messages).containsExactly("dry run: would dispatch " + task.taskId() + " to worker-0");
        assertThat(summary.pending()).isEqualTo(1);
        assertThat(sender.sent).isEmpty();
        assertThat(Files.readAllBytes(config.paths().tasksFile())).isEqualTo(before);
        assertThat(state.locks().list()).isEmpty();
        assertThat(state.statusLog().follow().poll()).isEmpty();
    }
    @Test
    void aBrokenTaskFileStopsNoMasterAndIsNeverOverwritten() throws Exception {
        SwarmConfig config = config(Map.of());
        FileSwarmStore state = state(config, Clock.systemUTC());
        state.queue().add(NewTask.command("true"));
        Files.writeString(config.paths().tasksFile(), "{\"tasks\": [ oops");
        SwarmMaster master = SwarmMaster.builder(config, Clock.systemUTC())
                .store(state)
                .workers(List.of("worker-0")).sender(sender).listener(new MasterListener() {
                    @Override
                    public void message(String text) {
                        messages.add(text);
                    }
                }).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RoundSummary> running = pool.submit(() -> master.runUntil(() -> false, false, false));
            await().atMost(Duration.ofSeconds(20)).until(() -> messages.stream()
                    .anyMatch(m -> m.startsWith("round failed") && m.contains("tasks.json")));
            assertThat(Files.readString(config.paths().tasksFile())).isEqualTo("{\"tasks\": [ oops");
            // the fix arrives whole (written aside, then renamed), as an editor saves it
            Path fixed = dir.resolve("fixed.json");
            Files.writeString(fixed, "{\"tasks\": [{\"task_id\": \"fixed\", \"command\": \"true\"}]}");
            Files.move(fixed, config.paths().tasksFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(20)).until(() -> sender.sent.size() == 1);
            assertThat(sender.sent.get(0).taskId()).isEqualTo("fixed");
            assertThat(running).isNotDone();
        } finally {
            master.stop();
            pool.shutdownNow();
            pool.awaitTermination(20, TimeUnit.SECONDS); // its last round ends before the directory is removed
        }
    }
    /**
     * The change feed reports the master's own writes (its ASSIGNED line, its rewrites of tasks.json) like anyone's;
     * they wake no round. A worker's START gets one a little later; a line another process appends while a round runs
     * wakes one at once: here the worker reports DONE while the master is still handing the task over, and the next
     * task goes out without waiting for the (600 s) tick.
     */
    @Test
    void itsOwnWritesWakeNoRoundAnotherProcesssLineDuringARoundDoes() throws Exception {
        SwarmConfig config = config(Map.of("AI_SWARM_POLL_INTERVAL", "600"));
        FileSwarmStore state = state(config, Clock.systemUTC());
        FileSwarmStore other = state(config, Clock.systemUTC()); // the workers' side, another process's view
        java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger dispatchedIn = new java.util.concurrent.atomic.AtomicInteger();
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean finishAtOnce = new java.util.concurrent.atomic.AtomicBoolean();
        TaskSender worker = (task, w) -> {
            sent.add(task.taskId());
            if (finishAtOnce.get()) other.broadcaster().broadcast(w, task.taskId(), BroadcastState.DONE, "exit 0",
                    Map.of("exit_code", 0, "attempt", task.attempts()));
        };
        SwarmMaster master = SwarmMaster.builder(config, Clock.systemUTC())
                .store(state)
                .workers(List.of("worker-0")).sender(worker).listener(new MasterListener() {
                    @Override
                    public void round(RoundSummary summary) {
                        int n = rounds.incrementAndGet();
                        if (!summary.dispatched().isEmpty()) dispatchedIn.set(n);
                    }
                }).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RoundSummary> running = pool.submit(() -> master.runUntil(() -> false, false, false));
            await().atMost(Duration.ofSeconds(20)).until(() -> rounds.get() >= 1);
            Thread.sleep(500);
            assertThat(rounds.get()).as("rounds of a master with no task file yet").isEqualTo(1);
            other.queue().add(NewTask.command("true"));
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> state.queue().get(sent.get(0)).orElseThrow().status()
                    == TaskStatus.ASSIGNED);
            Thread.sleep(1_000); // its ASSIGNED line and task file reached the feed long before this
            assertThat(rounds.get()).as("rounds after the one that dispatched (woken by the master's own writes)")
                    .isEqualTo(dispatchedIn.get());

            // a START alone waits a little for a round (RoundNeed.START_ROUND_DELAY), not for the tick
            other.broadcaster().broadcast("worker-0", sent.get(0), BroadcastState.START, "started",
                    Map.of("attempt", 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> state.queue().get(sent.get(0)).orElseThrow().status()
                    == TaskStatus.RUNNING);

            finishAtOnce.set(true);
            other.broadcaster().broadcast("worker-0", sent.get(0), BroadcastState.DONE, "exit 0",
                    Map.of("exit_code", 0, "attempt", 1));
            other.queue().add(NewTask.command("true"));
            other.queue().add(NewTask.command("true"));
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> state.queue().list().stream()
                    .allMatch(t -> t.status() == TaskStatus.DONE));

            // a task added through the master's own queue by another of its threads (its socket, `swarm task add`),
            // once the master waits
            Thread.sleep(500);
            state.queue().add(NewTask.command("true"));
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 4);
            assertThat(running).isNotDone();
        } finally {
            master.stop();
            pool.shutdownNow();
        }
    }

    @Test
    void wakesOnANewTaskAndOnAWorkerLineNotOnTheTick() throws Exception {
        SwarmConfig config = config(Map.of("AI_SWARM_POLL_INTERVAL", "600"));
        FileSwarmStore state = state(config, Clock.systemUTC());
        CountDownLatch firstRound = new CountDownLatch(1);
        SwarmMaster master = SwarmMaster.builder(config, Clock.systemUTC())
                .store(state)
                .workers(List.of("worker-0")).sender(sender).listener(new MasterListener() {
                    @Override
                    public void round(RoundSummary summary) {
                        firstRound.countDown();
                    }
                }).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RoundSummary> running = pool.submit(() -> master.runUntil(() -> false, false, false));
            // the first round is over (an empty queue); the next one can only come from a wake-up: the tick is 600 s
            assertThat(firstRound.await(20, TimeUnit.SECONDS)).isTrue();
            FileSwarmStore other = state(config, Clock.systemUTC()); // as `swarm task add` would, from outside
            TaskInfo first = other.queue().add(NewTask.command("true"));
            TaskInfo second = other.queue().add(NewTask.command("true"));
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.sent.size() == 1);
            other.broadcaster().broadcast("worker-0", first.taskId(), BroadcastState.DONE, "exit 0",
                    Map.of("exit_code", 0, "attempt", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.sent.size() == 2);
            assertThat(sender.sent).extracting(RecordingSender.Sent::taskId)
                    .containsExactly(first.taskId(), second.taskId());
            assertThat(running).isNotDone();
        } finally {
            master.stop();
            pool.shutdownNow();
        }
    }
    @Test
    void aCancelledTaskFreesItsWorkerAtOnce() {
        SwarmConfig config = config(Map.of());
        SwarmStore state = memory(config, clock);
        TaskInfo first = state.queue().add(NewTask.command("sleep 1000"));
        TaskInfo next = state.queue().add(NewTask.command("true"));
        SwarmMaster master = SwarmMaster.builder(config, clock).store(state)
                .workers(List.of("worker-0")).sender(sender).build();
        master.runOnce();
        // what `swarm task cancel` does
        state.queue().update(first.taskId(),
                t -> t.finished(TaskStatus.CANCELLED, null, null, "cancelled", clock.instant()));
        master.runOnce();
        assertThat(state.locks().read(first.taskId())).isEmpty();
        RoundSummary after = master.runOnce(); // woken by the SKIP line that freed the worker
        assertThat(after.dispatched()).extracting(DispatchResult::taskId).containsExactly(next.taskId());
        assertThat(state.queue().get(first.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    }
}
