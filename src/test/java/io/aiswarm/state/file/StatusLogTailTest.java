package io.aiswarm.state.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLines;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatusLogTailTest extends StatusLogFixture {
    private static final Instant T0 = Instant.parse("2026-01-31T12:00:00Z");

    @Test
    void findsEachWorkersLastLineAndStopsReadingOnceAllAreFound() {
        for (int i = 0; i < 20_000; i++) { // ~2 MiB: many chunks
            clock.advance(Duration.ofMillis(10));
            broadcaster.broadcastStart("worker-" + (i % 4), "t" + i, "line " + i);
        }
        StatusLogTail.Result r = StatusLogTail.read(file, List.of("worker-0", "worker-3"));
        assertThat(r.lastByWorker()).containsOnlyKeys("worker-0", "worker-3");
        assertThat(r.lastByWorker().get("worker-0").message()).isEqualTo("line 19996");
        assertThat(r.lastByWorker().get("worker-3").message()).isEqualTo("line 19999");
        assertThat(r.bytesRead()).isLessThanOrEqualTo(StatusLogTail.CHUNK);
    }

    @Test
    void aWorkerThatNeverLoggedIsAbsentAfterReadingToTheStart() throws Exception {
        broadcaster.broadcastStart("worker-0", "t1", "first");
        broadcaster.broadcastDone("worker-1", "t2", "");
        StatusLogTail.Result r = StatusLogTail.read(file, List.of("worker-0", "worker-9"));
        assertThat(r.lastByWorker()).containsOnlyKeys("worker-0");
        assertThat(r.bytesRead()).isEqualTo(Files.size(file));
        assertThat(StatusLogTail.read(tmp.resolve("missing.log"), List.of("worker-0")).lastByWorker()).isEmpty();
        assertThat(StatusLogTail.read(file, List.of()).bytesRead()).isZero();
    }

    @Test
    void aPartialLastLineIsIgnoredUntilItsNewlineArrives() throws Exception {
        broadcaster.broadcastStart("worker-0", "t1", "complete");
        String next = StatusLines.encode(new StatusEvent(T0.plusSeconds(5), "worker-0", "t2", BroadcastState.DONE,
                "later", null));
        Files.writeString(file, next.substring(0, 30), StandardOpenOption.APPEND);
        StatusLogTail.Result r = StatusLogTail.read(file, List.of("worker-0"));
        assertThat(r.lastByWorker().get("worker-0").message()).isEqualTo("complete");
        assertThat(r.malformedLines()).isZero();
        Files.writeString(file, next.substring(30) + "\n", StandardOpenOption.APPEND);
        assertThat(StatusLogTail.read(file, List.of("worker-0")).lastByWorker().get("worker-0").message())
                .isEqualTo("later");
    }

    @Test
    void malformedAndOverlongLinesAreSkippedAndCounted() throws Exception {
        broadcaster.broadcastStart("worker-0", "t1", "good");
        Files.writeString(file, "not json\n{\"ts\":\"x\"}\n\n" + "y".repeat(FileStatusFollower.MAX_LINE + 10) + "\n",
                StandardOpenOption.APPEND);
        StatusLogTail.Result r = StatusLogTail.read(file, List.of("worker-0"));
        assertThat(r.lastByWorker().get("worker-0").message()).isEqualTo("good");
        assertThat(r.malformedLines()).isEqualTo(3);
    }

    @Test
    void aRotatedLogIsReadThroughItsSnapshotLines() {
        broadcaster.broadcastDone("worker-0", "t1", "before rotation");
        broadcaster.broadcastWait("worker-1", "t2", "waiting");
        clock.advance(Duration.ofSeconds(1));
        log.rotate(clock);
        broadcaster.broadcastStart("worker-1", "t3", "after rotation");
        Map<String, StatusEvent> last = StatusLogTail.read(file, List.of("worker-0", "worker-1")).lastByWorker();
        assertThat(last.get("worker-0").message()).isEqualTo("before rotation");
        assertThat(StatusLines.isSnapshot(last.get("worker-0"))).isTrue();
        assertThat(last.get("worker-1").message()).isEqualTo("after rotation");
        assertThat(log.lastEvents(List.of("worker-0", "worker-1"))).isEqualTo(last);
    }

    @Test
    void anOlderSnapshotDoesNotHideANewerLineBeforeIt() throws Exception {
        StatusEvent plain = new StatusEvent(T0.plusSeconds(10), "worker-0", "t2", BroadcastState.DONE, "newer", null);
        StatusEvent snapshot = new StatusEvent(T0, "worker-0", "t1", BroadcastState.START, "older",
                Map.of(StatusLines.SNAPSHOT_META, true));
        log.appendLines(List.of(plain, snapshot));
        assertThat(StatusLogTail.read(file, List.of("worker-0")).lastByWorker().get("worker-0").message())
                .isEqualTo("newer");
    }

    static IntStream seeds() {
        return IntStream.range(0, 100);
    }

    /** On random logs, the tail gives exactly what the follower gives after reading the whole file. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void agreesWithTheFollowerOnRandomLogs(int seed) throws Exception {
        Random random = new Random(seed);
        int workers = 1 + random.nextInt(12);
        Files.write(file, randomLog(random, workers));
        Map<String, StatusEvent> expected;
        long expectedMalformed;
        try (StatusFollower follower = log.follow()) {
            follower.poll();
            expected = follower.lastByWorker();
            expectedMalformed = follower.malformedLines();
        }
        StatusLogTail.Result all = StatusLogTail.readAll(file);
        assertThat(all.lastByWorker()).isEqualTo(expected);
        assertThat(all.malformedLines()).isEqualTo(expectedMalformed);

        List<String> wanted = new ArrayList<>();
        for (int w = 0; w < workers + 2; w++) if (random.nextBoolean()) wanted.add("worker-" + w);
        Map<String, StatusEvent> expectedWanted = new HashMap<>(expected);
        expectedWanted.keySet().retainAll(Set.copyOf(wanted));
        assertThat(StatusLogTail.read(file, wanted).lastByWorker()).isEqualTo(expectedWanted);
    }

    private static byte[] randomLog(Random random, int workers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = random.nextInt(random.nextBoolean() ? 30 : 3000);
        BroadcastState[] states = BroadcastState.values();
        boolean rotated = random.nextInt(3) == 0;
        Instant ts = T0;
        for (int i = 0; i < lines; i++) {
            ts = ts.plusMillis(random.nextInt(5) == 0 ? -random.nextInt(2000) : random.nextInt(2000));
            String worker = "worker-" + random.nextInt(workers);
            int kind = random.nextInt(100);
            String line;
            if (kind < 4) {
                line = List.of("garbage", "{\"ts\":\"2026\",\"worker_id\":\"w\",\"state\":\"START\"}",
                        "{\"worker_id\":\"worker-0\",\"state\":\"DONE\"}", "[1,2]", "{\"ts\":").get(random.nextInt(5));
            } else if (kind < 6) {
                line = random.nextBoolean() ? "" : "   ";
            } else {
                Map<String, Object> meta = new LinkedHashMap<>();
                // snapshots mostly at the start of a rotated log, sometimes anywhere
                if ((rotated && i < workers) || kind < 9) meta.put(StatusLines.SNAPSHOT_META, true);
                if (random.nextInt(10) == 0) meta.put("exit_code", random.nextInt(3));
                String message = switch (random.nextInt(12)) {
                    case 0 -> "é ü 漢字 🙂 " + i; // multi-byte, may straddle a chunk boundary
                    // spans chunks, rarely: one line in 240 (a twelfth of all lines made the logs up to 17 MB)
                    case 1 -> random.nextInt(20) == 0 ? "long " + "x".repeat(random.nextInt(150_000)) : "m" + i;
                    case 2 -> "line\nbreak \"quoted\"";
                    default -> "m" + i;
                };
                line = StatusLines.encode(new StatusEvent(ts, worker, "t" + random.nextInt(50),
                        states[random.nextInt(states.length)], message, meta));
            }
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            if (i < lines - 1 || random.nextInt(4) != 0) out.write('\n'); // sometimes a partial last line
        }
        return out.toByteArray();
    }
}
