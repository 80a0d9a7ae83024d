package io.aiswarm.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.master.PaneState;
import io.aiswarm.master.WorkerStatus;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileTaskQueue;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveViewTest {
    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    private FileTaskQueue queue;
    private LiveView view;

    @BeforeEach
    void setUp() {
        SwarmPaths paths = SwarmPaths.of(dir);
        queue = new FileTaskQueue(paths.tasksFile(), clock);
        view = new LiveView("c1", queue, paths, null, () -> "pid 1 on test", clock);
    }

    private static WorkerStatus worker(String id, BroadcastState state, String task, Instant heartbeat) {
        return new WorkerStatus(id, state, task, Instant.parse("2026-01-31T11:59:00Z"), "running", true, heartbeat,
                PaneState.ALIVE, 100, 0, null);
    }

    private static StatusEvent event(String worker, BroadcastState state, int second) {
        return new StatusEvent(Instant.parse("2026-01-31T12:00:00Z").plusSeconds(second), worker, "t1", state, "m",
                null);
    }

    @Test
    void aRoundThatChangesNothingTheViewShowsKeepsTheVersionAndWakesNobody() {
        view.observed(Map.of("worker-0", worker("worker-0", BroadcastState.START, "t1", clock.instant())), List.of());
        long v = view.snapshot().version();
        assertThat(view.snapshot().master()).isEqualTo("pid 1 on test");
        clock.advance(Duration.ofSeconds(5)); // only the heartbeat moved
        view.observed(Map.of("worker-0", worker("worker-0", BroadcastState.START, "t1", clock.instant())), List.of());
        assertThat(view.snapshot().version()).isEqualTo(v);

        view.observed(Map.of("worker-0", worker("worker-0", BroadcastState.HELP, "t1", clock.instant())), List.of());
        assertThat(view.snapshot().version()).isEqualTo(v + 1);
        assertThat(view.snapshot().workers().get("worker-0").state()).isEqualTo(BroadcastState.HELP);
    }

    @Test
    void aChangeOfTheQueueAloneIsAChange() {
        view.observed(Map.of(), List.of());
        long v = view.snapshot().version();
        queue.add(NewTask.command("true"));
        view.observed(Map.of(), List.of());
        assertThat(view.snapshot().version()).isEqualTo(v + 1);
        assertThat(view.snapshot().queue().get(TaskStatus.PENDING)).isEqualTo(1);
    }

    @Test
    void eventsAreNumberedAndAClientThatFellBehindIsToldSo() {
        List<StatusEvent> history = new ArrayList<>();
        for (int i = 0; i < LiveView.KEPT_EVENTS + 50; i++) history.add(event("worker-0", BroadcastState.START, i));
        view.observed(Map.of(), history); // a first round reads the whole log: only its end is kept
        SwarmView.EventBatch all = view.eventsAfter(0);
        assertThat(all.complete()).isTrue();
        assertThat(all.events()).hasSize(LiveView.KEPT_EVENTS);
        assertThat(all.events().get(LiveView.KEPT_EVENTS - 1).event().ts())
                .isEqualTo(history.get(history.size() - 1).ts());
        long last = all.events().get(LiveView.KEPT_EVENTS - 1).seq();

        view.observed(Map.of(), List.of(event("worker-1", BroadcastState.DONE, 999)));
        SwarmView.EventBatch resumed = view.eventsAfter(last);
        assertThat(resumed.complete()).isTrue();
        assertThat(resumed.events()).extracting(e -> e.event().workerId()).containsExactly("worker-1");
        assertThat(view.snapshot().lastEventSeq()).isEqualTo(resumed.events().get(0).seq());

        // an id older than what is kept (or one from an earlier master) cannot be resumed exactly
        assertThat(view.eventsAfter(all.events().get(0).seq() - 5).complete()).isFalse();
    }

    @Test
    void eventNumbersOfALaterMasterAreLargerSoAnOldIdNeverSkipsItsEvents() {
        view.observed(Map.of(), List.of(event("worker-0", BroadcastState.START, 1)));
        long first = view.eventsAfter(0).events().get(0).seq();
        clock.advance(Duration.ofSeconds(1));
        LiveView later = new LiveView("c1", queue, SwarmPaths.of(dir), null, () -> "pid 2", clock);
        later.observed(Map.of(), List.of(event("worker-0", BroadcastState.DONE, 2)));
        assertThat(later.eventsAfter(first).events()).hasSize(1);
        assertThat(later.eventsAfter(first).complete()).isFalse(); // it cannot know what happened in between
    }

    @Test
    void awaitChangeReturnsOnTheNextChangeAndTimesOutWithoutOne() throws Exception {
        view.observed(Map.of(), List.of());
        long v = view.snapshot().version();
        assertThat(view.awaitChange(v, Duration.ofMillis(50))).isEqualTo(v);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return view.awaitChange(v, Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        view.observed(Map.of(), List.of(event("worker-0", BroadcastState.START, 1)));
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(v + 1);
    }

    @Test
    void theResultLogIsReadOnlyForATaskOfTheQueueAndCutAtALineStart() throws Exception {
        String id = queue.add(NewTask.command("true")).taskId();
        Files.createDirectories(dir.resolve("results"));
        Files.writeString(dir.resolve("results").resolve(id + ".log"), "first line\n" + "x".repeat(100) + "\nlast\n");
        assertThat(view.resultTail(id, 1 << 20)).contains("first line\n" + "x".repeat(100) + "\nlast\n");
        assertThat(view.resultTail(id, 20)).contains("…\nlast\n");
        assertThat(view.resultTail("../../etc/passwd", 100)).isEmpty();
        assertThat(view.pane("worker-0", 10)).isEmpty(); // no panes
    }
}
