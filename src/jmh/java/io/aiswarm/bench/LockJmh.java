package io.aiswarm.bench;

import io.aiswarm.state.LockResult;
import io.aiswarm.state.file.FileTaskLockManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * The task lock: every dispatch acquires one (create-new, atomic, not fsynced) and every finished task releases
 * it; a running task's lock gets a heartbeat every third of the TTL. Files in a temporary directory of the default file system.
 * Run: {@code bin/swarm-jmh LockJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LockJmh {
    private Path dir;
    private FileTaskLockManager locks;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("swarm-lock-jmh-");
        locks = new FileTaskLockManager(dir.resolve("locks"), 300, Clock.systemUTC());
        locks.acquire("held", "worker-0");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        BenchSwarm.deleteTree(dir);
    }

    @Benchmark
    public boolean acquireAndRelease() {
        String task = "task-" + (next++ & 63);
        LockResult result = locks.acquire(task, "worker-1");
        return locks.release(task, "worker-1") && result != null;
    }

    /** A lock that is held: what a second master or a duplicate dispatch sees. */
    @Benchmark
    public LockResult acquireHeldByAnother() {
        return locks.acquire("held", "worker-2");
    }

    @Benchmark
    public boolean heartbeat() {
        return locks.heartbeat("held", "worker-0");
    }
}
