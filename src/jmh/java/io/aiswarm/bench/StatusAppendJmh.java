package io.aiswarm.bench;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.file.FileStatusLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The status log: one appended line per state change (the master's ASSIGNED, HELP...), and the encode/parse of
 * a line, which the master pays for every line the workers append.
 * Run: {@code bin/swarm-jmh StatusAppendJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StatusAppendJmh {
    private static final StatusEvent EVENT = new StatusEvent(Instant.parse("2026-01-31T12:00:00.123Z"), "worker-3",
            "task-00042", BroadcastState.DONE, "exit 0", Map.of("exit_code", 0, "attempt", 1));
    private static final String LINE = StatusLines.encode(EVENT);

    private Path dir;
    private FileStatusLog log;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("swarm-status-jmh-");
        log = new FileStatusLog(dir.resolve("status.log"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        BenchSwarm.deleteTree(dir);
    }

    @Benchmark
    public void append() {
        log.append(EVENT);
    }

    @Benchmark
    public String encode() {
        return StatusLines.encode(EVENT);
    }

    @Benchmark
    public StatusEvent parse() {
        return StatusLines.parse(LINE);
    }
}
