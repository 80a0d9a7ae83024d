package io.aiswarm.state.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLines;
import io.aiswarm.testing.PosixPerms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileStatusLogTest extends StatusLogFixture {
    @Test
    void writesOneJsonLinePerEventWithMillisecondUtcTimeAndNoEmptyMeta() throws Exception {
        broadcaster.broadcastStart("worker-1", "task-001", "hello\nworld");
        clock.advance(Duration.ofMillis(1500));
        broadcaster.broadcastAssigned("worker-1", "task-001", "go", Map.of("attempt", 2));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly(
                "{\"ts\":\"2026-01-31T12:00:00.000Z\",\"worker_id\":\"worker-1\",\"task_id\":\"task-001\","
                        + "\"state\":\"START\",\"message\":\"hello\\nworld\"}",
                "{\"ts\":\"2026-01-31T12:00:01.500Z\",\"worker_id\":\"worker-1\",\"task_id\":\"task-001\","
                        + "\"state\":\"ASSIGNED\",\"message\":\"go\",\"meta\":{\"attempt\":2,"
                        + "\"assigned_worker_id\":\"worker-1\"}}");
        assertThat(PosixPerms.of(file)).isEqualTo("rw-------");
    }

    @Test
    void theFollowerReturnsOnlyNewLinesAndTheLastStatePerWorker() {
        StatusFollower f = log.follow();
        assertThat(f.poll()).isEmpty(); // no file yet
        broadcaster.broadcastStart("worker-0", "", "up");
        broadcaster.broadcastStart("worker-1", "", "up");
        assertThat(f.poll()).extracting(StatusEvent::workerId).containsExactly("worker-0", "worker-1");
        assertThat(f.poll()).isEmpty();
        broadcaster.broadcastDone("worker-0", "t1", "ok");
        List<StatusEvent> next = f.poll();
        assertThat(next).hasSize(1);
        assertThat(next.get(0).state()).isEqualTo(BroadcastState.DONE);
        assertThat(f.lastByWorker().get("worker-0").state()).isEqualTo(BroadcastState.DONE);
        assertThat(f.lastByWorker().get("worker-1").state()).isEqualTo(BroadcastState.START);
    }

    /**
     * A follower started late reads back only to {@code since} and each worker's last line: it knows what a follower
     * of the whole log knows about those workers, hands out the recent events first, and then goes on with new
     * lines, including one whose end was still being written when it started.
     */
    @Test
    void aFollowerStartedLateReadsOnlyTheRecentPartAndGoesOn() throws Exception {
        for (int i = 0; i < 5000; i++) {
            broadcaster.broadcastDone("worker-" + (i % 4), "old-" + i, "old");
            clock.advance(Duration.ofSeconds(1));
        }
        broadcaster.broadcastStart("worker-9", "t9", "long ago"); // only line of worker-9
        clock.advance(Duration.ofHours(1));
        Instant since = clock.instant();
        broadcaster.broadcastStart("worker-1", "new-1", "recent");
        broadcaster.broadcastDone("worker-2", "new-2", "recent");
        String partial = StatusLines.encode(new StatusEvent(clock.instant(), "worker-3", "new-3", BroadcastState.START,
                "being written", null));
        Files.writeString(file, partial.substring(0, 30), StandardOpenOption.APPEND);

        List<String> workers = List.of("worker-0", "worker-1", "worker-2", "worker-3", "worker-9");
        StatusFollower late = log.follow(since, workers);
        StatusFollower whole = log.follow();
        List<StatusEvent> first = late.poll();
        whole.poll();
        assertThat(first).extracting(StatusEvent::taskId).containsExactly("new-1", "new-2");
        assertThat(late.lastByWorker()).isEqualTo(whole.lastByWorker());

        Files.writeString(file, partial.substring(30) + "\n", StandardOpenOption.APPEND);
        broadcaster.broadcastDone("worker-1", "new-1", "done");
        assertThat(late.poll()).extracting(StatusEvent::taskId).containsExactly("new-3", "new-1");
        assertThat(whole.poll()).extracting(StatusEvent::taskId).containsExactly("new-3", "new-1");
        assertThat(late.lastByWorker()).isEqualTo(whole.lastByWorker());
    }

    /** A writer killed mid-line leaves a fragment without newline: the next whole line must still count. */
    @Test
    void aFragmentLeftByAKilledWriterDoesNotSwallowTheNextLine() throws Exception {
        StatusFollower f = log.follow();
        String start = StatusLines.encode(new StatusEvent(clock.instant(), "worker-0", "t", BroadcastState.START,
                "running", Map.of("attempt", 1)));
        for (int cut : new int[] {1, 20, start.indexOf("meta") + 8, start.length()}) {
            Files.writeString(file, start.substring(0, cut), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            broadcaster.broadcastDone("worker-0", "t", "exit " + cut);
            List<StatusEvent> read = f.poll();
            assertThat(read).extracting(StatusEvent::state).containsExactly(BroadcastState.DONE);
            assertThat(read.get(0).message()).isEqualTo("exit " + cut);
            assertThat(StatusLogTail.read(file, List.of("worker-0")).lastByWorker().get("worker-0").message())
                    .isEqualTo("exit " + cut);
        }
        Files.writeString(file, "garbage {not json} {\"x\": 1}\n", StandardOpenOption.APPEND);
        assertThat(f.poll()).isEmpty();
        assertThat(f.malformedLines()).isEqualTo(1);
    }

    @Test
    void aPartialLastLineWaitsForItsNewline() throws Exception {
        StatusFollower f = log.follow();
        String line = StatusLines.encode(new StatusEvent(clock.instant(), "worker-0", "t", BroadcastState.WAIT, "m", null));
        Files.writeString(file, line.substring(0, 20));
        assertThat(f.poll()).isEmpty();
        Files.writeString(file, line.substring(20), StandardOpenOption.APPEND);
        assertThat(f.poll()).isEmpty();
        Files.writeString(file, "\n", StandardOpenOption.APPEND);
        assertThat(f.poll()).extracting(StatusEvent::state).containsExactly(BroadcastState.WAIT);
        assertThat(f.malformedLines()).isZero();
    }

    @Test
    void malformedLinesAreSkippedAndCounted() throws Exception {
        Files.writeString(file, String.join("\n",
                "not json",
                "{\"ts\":\"2026-01-31T12:00:00.000Z\",\"worker_id\":\"w\",\"state\":\"NOPE\"}",
                "{\"worker_id\":\"w\",\"state\":\"DONE\"}",
                "[1,2]",
                "",
                "{\"ts\":\"2026-01-31T12:00:00Z\",\"worker_id\":\"w\",\"state\":\"DONE\",\"meta\":{\"exit_code\":0}}",
                "{\"ts\":\"2026-01-31T13:00:00+01:00\",\"worker_id\":\"v\",\"task_id\":null,\"state\":\"ERROR\"}",
                ""));
        StatusFollower f = log.follow();
        List<StatusEvent> events = f.poll();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).meta()).containsEntry("exit_code", 0);
        assertThat(events.get(1).ts()).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(events.get(1).taskId()).isEmpty();
        assertThat(f.malformedLines()).isEqualTo(4);
    }

    @Test
    void truncationRestartsFromTheBeginning() throws Exception {
        broadcaster.broadcastStart("worker-0", "", "one");
        broadcaster.broadcastStart("worker-0", "", "two");
        StatusFollower f = log.follow();
        assertThat(f.poll()).hasSize(2);
        Files.write(file, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        broadcaster.broadcastDone("worker-0", "t", "three");
        assertThat(f.poll()).extracting(StatusEvent::message).containsExactly("three");
    }

    @Test
    void rotationKeepsEveryWorkersLastStateAndFollowersMissNothing() throws Exception {
        StatusFollower before = log.follow();
        broadcaster.broadcastStart("worker-0", "", "up");
        broadcaster.broadcastDone("worker-0", "t1", "done");
        broadcaster.broadcastWait("worker-1", "t2", "waiting");
        assertThat(before.poll()).hasSize(3);
        broadcaster.broadcastError("worker-1", "t2", "failed before rotation");

        clock.advance(Duration.ofSeconds(10));
        Path archive = log.rotate(clock);
        assertThat(archive.getFileName().toString()).isEqualTo("status.log.20260131T120010.000Z");
        assertThat(Files.readAllLines(archive)).hasSize(4);
        assertThat(Files.readAllLines(file)).hasSize(2).allMatch(l -> l.contains("\"snapshot\":true"));

        broadcaster.broadcastStart("worker-2", "", "after");
        // a follower that lived through the rotation gets the unread line of the old file, then only news
        assertThat(before.poll()).extracting(StatusEvent::message).containsExactly("failed before rotation", "after");
        // a new follower learns every worker's last state from the snapshot
        StatusFollower fresh = log.follow();
        fresh.poll();
        assertThat(fresh.lastByWorker()).containsOnlyKeys("worker-0", "worker-1", "worker-2");
        assertThat(fresh.lastByWorker().get("worker-1").state()).isEqualTo(BroadcastState.ERROR);
        assertThat(fresh.lastByWorker().get("worker-0").taskId()).isEqualTo("t1");
        assertThat(before.lastByWorker().values()).extracting(StatusEvent::state)
                .containsExactlyInAnyOrderElementsOf(fresh.lastByWorker().values().stream().map(StatusEvent::state).toList());
        assertThat(log.rotate(clock)).isNotEqualTo(archive); // a second rotation in the same millisecond
    }

    @Test
    void hugeGarbageWithoutNewlineIsDroppedNotHeld() throws Exception {
        Files.write(file, "x".repeat(3 << 20).getBytes(StandardCharsets.US_ASCII));
        StatusFollower f = log.follow();
        assertThat(f.poll()).isEmpty();
        Files.writeString(file, "\n", StandardOpenOption.APPEND);
        broadcaster.broadcastStart("worker-0", "", "ok");
        assertThat(f.poll()).extracting(StatusEvent::message).containsExactly("ok");
        assertThat(f.malformedLines()).isEqualTo(1);
    }
}
