package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox (JSON lines appended with plain shell) moved into the events table exactly once. */
class InboxIngesterIT extends StoreOnSharedServer {
    MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    PgSession session;
    Path inbox;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        session = store.session("host-a", clock);
        inbox = tmp.resolve("inbox.jsonl");
    }

    private static String line(String worker, String task, String state, String message) {
        return "{\"ts\":\"2026-01-31T12:00:00.000Z\",\"worker_id\":\"" + worker + "\",\"task_id\":\"" + task
                + "\",\"state\":\"" + state + "\",\"message\":\"" + message + "\"}";
    }

    /** Appends as a hook does: one printf >> inbox per line, in a shell. */
    private void shellAppend(String text) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "printf '%s' \"$1\" >> \"$2\"", "sh", text, inbox.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private List<StatusEvent> stored() {
        return new PgStatusLog(store.session("host-a", clock)).follow().poll();
    }

    @Test
    void linesAreIngestedOnceAPartialLastLineWaitsAndMalformedOnesAreCounted() throws Exception {
        InboxIngester ingester = new InboxIngester(session, inbox, clock);
        assertThat(ingester.ingestAll().events()).isZero(); // no inbox yet
        String split = line("worker-1", "t2", "WAIT", "half line");
        int cut = split.length() - 7;
        shellAppend(line("worker-0", "t1", "START", "go") + "\n" + "not json\n\n"
                + line("worker-0", "t1", "DONE", "ok") + "\n" + split.substring(0, cut));
        InboxIngester.Result r = ingester.ingestAll();
        assertThat(r.events()).isEqualTo(2);
        assertThat(r.malformed()).isEqualTo(1);
        assertThat(ingester.ingestAll().events()).isZero();
        shellAppend(split.substring(cut) + "\n");
        assertThat(ingester.ingestAll().events()).isEqualTo(1);
        assertThat(stored()).extracting(StatusEvent::state)
                .containsExactly(BroadcastState.START, BroadcastState.DONE, BroadcastState.WAIT);
        assertThat(stored().get(2).message()).isEqualTo("half line");
        // another ingester of the same inbox (the master restarted) continues from the stored offset
        assertThat(new InboxIngester(store.session("host-a", clock), inbox, clock).ingestAll().events()).isZero();
    }

    @Test
    void aReplacedOrTruncatedInboxIsReadFromItsStart() throws Exception {
        InboxIngester ingester = new InboxIngester(session, inbox, clock);
        shellAppend(line("worker-0", "t1", "START", "one") + "\n" + line("worker-0", "t1", "DONE", "two") + "\n");
        ingester.ingestAll();
        Files.delete(inbox);
        shellAppend(line("worker-0", "t2", "START", "three") + "\n");
        assertThat(ingester.ingestAll().events()).isEqualTo(1);
        Files.write(inbox, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        shellAppend(line("worker-0", "t2", "DONE", "four") + "\n");
        assertThat(ingester.ingestAll().events()).isEqualTo(1);
        assertThat(stored()).extracting(StatusEvent::message).containsExactly("one", "two", "three", "four");
    }

    @Test
    void aLineLongerThanABatchIsSkippedAndWhatFollowsIsKept() throws Exception {
        InboxIngester ingester = new InboxIngester(session, inbox, clock, 256, () -> { });
        shellAppend("x".repeat(600) + "\n" + line("worker-0", "t1", "DONE", "after") + "\n");
        InboxIngester.Result r = ingester.ingestAll();
        assertThat(r.events()).isEqualTo(1);
        assertThat(r.malformed()).isGreaterThanOrEqualTo(1);
        assertThat(stored()).extracting(StatusEvent::message).containsExactly("after");
    }

    @Test
    void aLinkOrFifoPlantedAsTheInboxIsRefused() throws Exception {
        Path target = Files.writeString(tmp.resolve("elsewhere"), line("worker-0", "t", "DONE", "planted") + "\n");
        Files.createSymbolicLink(inbox, target);
        assertThatThrownBy(() -> new InboxIngester(session, inbox, clock).ingestAll())
                .hasMessageContaining("is not a regular file");
        Files.delete(inbox);
        new ProcessBuilder("mkfifo", inbox.toString()).start().waitFor();
        assertThatThrownBy(() -> new InboxIngester(session, inbox, clock).ingestAll())
                .hasMessageContaining("is not a regular file");
        assertThat(stored()).isEmpty();
    }

    @Test
    void aCrashAfterABatchWasWrittenButBeforeItCommittedLosesAndDoublesNothing() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) text.append(line("worker-0", "t", "WAIT", "n-" + i)).append('\n');
        shellAppend(text.toString());
        for (int crashAt = 1; crashAt <= 6; crashAt++) {
            int[] batches = {0};
            int at = crashAt;
            InboxIngester crashing = new InboxIngester(store.session("host-a", clock), inbox, clock, 300, () -> {
                if (++batches[0] == at) throw new IllegalStateException("crash before commit");
            });
            assertThatThrownBy(crashing::ingestAll).hasMessage("crash before commit");
        }
        new InboxIngester(session, inbox, clock).ingestAll();
        List<String> messages = stored().stream().map(StatusEvent::message).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) expected.add("n-" + i);
        assertThat(messages).isEqualTo(expected);
    }

    @Test
    void anIngesterKilledAtRandomMomentsLosesAndDoublesNothing() throws Exception {
        int lines = 3000;
        Path writerLog = tmp.resolve("writer.log");
        // the workers: a shell appending one line per printf, as hooks do
        String printf = "printf '" + line("worker-0", "t", "WAIT", "n-%s") + "\\n' \"$i\" >> \"$1\"";
        Process writer = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt " + lines + " ]; do " + printf
                + "; i=$((i+1)); done", "sh", inbox.toString())
                .redirectErrorStream(true).redirectOutput(writerLog.toFile()).start();
        Random random = new Random(12);
        int kills = 0;
        // small batches (about two lines a transaction), so that most kills land inside a transaction
        while ((writer.isAlive() || kills < 12) && kills < 200) {
            Process child = startIngester();
            // let it work for a moment of random length, then SIGKILL it, whatever it is doing
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50 + random.nextInt(400));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> System.nanoTime() >= until);
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            kills++;
        }
        assertThat(writer.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).as(Files.readString(writerLog)).isZero();
        new InboxIngester(session, inbox, clock).ingestAll();

        List<StatusEvent> events = stored();
        Map<String, Integer> seen = new HashMap<>();
        for (StatusEvent e : events) seen.merge(e.message(), 1, Integer::sum);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < lines; i++) if (!seen.containsKey("n-" + i)) missing.add("n-" + i);
        System.out.println("inbox ingestion: " + lines + " lines, ingester SIGKILLed " + kills + " times, "
                + events.size() + " events stored, " + missing.size() + " missing, "
                + seen.values().stream().filter(n -> n > 1).count() + " doubled");
        assertThat(missing).isEmpty();
        assertThat(events).hasSize(lines);
        assertThat(events).extracting(StatusEvent::message).isSortedAccordingTo(
                Comparator.comparingInt(m -> Integer.parseInt(m.substring(2))));
    }

    /** An ingesting child JVM, once it said it is connected. */
    private Process startIngester() throws Exception {
        ProcessBuilder pb = JavaProcess.builder(IngestLoopMain.class, List.of(inbox.toString(), "300"));
        pb.environment().putAll(store.env("host-a"));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("ingester.err").toFile()));
        Process child = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("the ingester's first line; stderr: %s", tmp.resolve("ingester.err"))
                .isEqualTo("ready");
        return child;
    }
}
