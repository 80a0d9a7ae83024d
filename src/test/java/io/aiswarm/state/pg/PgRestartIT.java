package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.PrivatePostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database restarted or crashed under its clients: nothing acknowledged is lost, clients come back by themselves. */
class PgRestartIT {
    static PrivatePostgres pg; // its own server: these tests stop it
    PgTestStore store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void server() {
        pg = PrivatePostgres.start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
    }

    @BeforeEach
    void setUp() {
        store = PgTestStore.fresh(pg);
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
    }

    @Test
    void aCrashOfTheDatabaseLosesNothingAWriterWasToldWasStored() throws Exception {
        int count = 400;
        ProcessBuilder pb = JavaProcess.builder(AckWriterMain.class, List.of(String.valueOf(count), "w"));
        pb.environment().putAll(store.env("host-w"));
        pb.redirectError(tmp.resolve("writer.err").toFile());
        Process writer = pb.start();
        List<String> acks = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = out.readLine()) != null; ) acks.add(l);
            } catch (Exception ignored) {
                // the writer ended
            }
        });
        reader.start();
        await().atMost(Duration.ofMinutes(3)).until(() -> acks.stream().filter(a -> a.startsWith("event")).count() >= count / 4);
        pg.crash(); // as a power cut of the server process: no checkpoint, WAL replayed on start
        int ackedAtCrash = (int) acks.stream().filter(a -> a.startsWith("task ")).count();
        pg.restart();
        assertThat(writer.waitFor(10, TimeUnit.MINUTES)).as(Files.readString(tmp.resolve("writer.err"))).isTrue();
        reader.join(60_000);
        assertThat(writer.exitValue()).as(Files.readString(tmp.resolve("writer.err"))).isZero();

        PgSession check = store.session("host-w", Clock.systemUTC());
        List<TaskInfo> tasks = new PgTaskQueue(check, Clock.systemUTC()).list();
        List<StatusEvent> events = new PgStatusLog(check).follow().poll();
        Set<String> taskIds = new HashSet<>();
        tasks.forEach(t -> taskIds.add(t.taskId()));
        Map<String, Integer> eventCount = new HashMap<>();
        events.forEach(e -> eventCount.merge(e.message(), 1, Integer::sum));
        int ackedTasks = 0;
        int ackedEvents = 0;
        for (String a : acks) {
            if (a.startsWith("task ")) {
                ackedTasks++;
                assertThat(taskIds).contains("w-" + a.substring(5));
            } else if (a.startsWith("event ")) {
                ackedEvents++;
                assertThat(eventCount).containsKey("w-" + a.substring(6));
            }
        }
        long retried = acks.stream().filter(a -> a.startsWith("retried")).count();
        long doubled = eventCount.values().stream().filter(n -> n > 1).count();
        System.out.println("database crash: " + ackedAtCrash + " tasks acknowledged before it, " + ackedTasks
                + " tasks and " + ackedEvents + " events acknowledged in all, all present; " + retried
                + " writes retried after an unanswered attempt, " + doubled + " events stored twice by such a retry");
        assertThat(ackedTasks).isEqualTo(count);
        assertThat(tasks).hasSize(count);
        assertThat(doubled).isLessThanOrEqualTo(retried);
    }

    @Test
    void aSessionSaysTheStoreIsDownThenReconnectsOnItsOwnAndAFollowerMissesNothing() {
        PgSession session = store.session("host-a", Clock.systemUTC());
        PgStatusLog log = new PgStatusLog(session);
        PgStatusFollower follower = PgStatusFollower.of(session, "host-a", 0);
        log.append(new StatusEvent(Clock.systemUTC().instant(), "worker-0", "t1", BroadcastState.START, "one", null));
        assertThat(follower.poll()).hasSize(1);
        pg.stop();
        assertThatThrownBy(() -> log.append(new StatusEvent(Clock.systemUTC().instant(), "worker-0", "t1",
                BroadcastState.DONE, "lost", null)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageNotContaining(PrivatePostgres.PASSWORD);
        assertThat(session.problem()).get().asString().startsWith("store unavailable since ")
                .contains("next attempt in");
        pg.restart();
        PgStatusLog other = new PgStatusLog(store.session("host-a", Clock.systemUTC()));
        other.append(new StatusEvent(Clock.systemUTC().instant(), "worker-0", "t1", BroadcastState.DONE, "two", null));
        await().atMost(Duration.ofMinutes(2)).ignoreException(StoreUnavailableException.class)
                .until(() -> !follower.poll().isEmpty());
        assertThat(session.problem()).isEmpty();
        List<StatusEvent> all = new PgStatusLog(session).follow().poll();
        assertThat(all).extracting(StatusEvent::message).containsExactly("one", "two");
        assertThat(follower.position()).isEqualTo(2);
    }

    @Test
    void theChangeFeedWakesOnChangesAndResyncsAfterARestart() throws Exception {
        List<String> signals = Collections.synchronizedList(new ArrayList<>());
        PgSettings settings = store.settings("host-a");
        try (PgChangeFeed feed = PgChangeFeed.start(settings, signals::add)) {
            await().atMost(Duration.ofMinutes(2)).until(feed::listening);
            assertThat(signals).containsExactly(PgChangeFeed.RESYNC);
            PgSession session = store.session("host-b", Clock.systemUTC());
            PgTaskQueue queue = new PgTaskQueue(session, Clock.systemUTC());
            queue.add(NewTask.command("echo"));
            await().atMost(Duration.ofMinutes(1)).until(() -> signals.contains("tasks"));
            new PgStatusLog(session).append(new StatusEvent(Clock.systemUTC().instant(), "worker-0", "", BroadcastState.START, "", null));
            await().atMost(Duration.ofMinutes(1)).until(() -> signals.contains("events"));
            signals.clear();
            queue.update("task-000001", t -> t.withPriority(1, Clock.systemUTC().instant())); // not a status change
            queue.update("task-000001", t -> t.withStatus(TaskStatus.CANCELLED, Clock.systemUTC().instant()));
            await().atMost(Duration.ofMinutes(1)).until(() -> signals.contains("tasks"));
            assertThat(signals).containsExactly("tasks");

            pg.restart();
            signals.clear();
            await().atMost(Duration.ofMinutes(3)).until(() -> signals.contains(PgChangeFeed.RESYNC));
            await().atMost(Duration.ofMinutes(2)).ignoreException(StoreUnavailableException.class)
                    .until(() -> queue.add(NewTask.command("after")) != null);
            await().atMost(Duration.ofMinutes(1)).until(() -> signals.contains("tasks"));
        }
    }
}
