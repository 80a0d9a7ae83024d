package io.aiswarm.bench;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.file.FileTaskQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The task file: the master reads it a few times a round (from its cache when unchanged) and rewrites it
 * (atomically, fsynced) once for a round's completions and once for its assignments, so its size sets the cost
 * of a dispatch round.
 * Run: {@code bin/swarm-jmh QueueJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class QueueJmh {
    @Param({"100", "1000"})
    public int tasks;

    private Path dir;
    private FileTaskQueue queue;
    private List<String> ids;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("swarm-queue-jmh-");
        queue = new FileTaskQueue(dir.resolve("tasks.json"), Clock.systemUTC());
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < tasks; i++) batch.add(NewTask.command("make test-" + i));
        ids = queue.addAll(batch).stream().map(TaskInfo::taskId).toList();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        BenchSwarm.deleteTree(dir);
    }

    @Benchmark
    public List<TaskInfo> list() {
        return queue.list();
    }

    /** One task changed (its priority, a real change, so the file is rewritten as for an assignment). */
    @Benchmark
    public TaskInfo updateOne() {
        int n = next++;
        return queue.update(ids.get(n % ids.size()), t -> t.withPriority(n & 7, Instant.now()));
    }
}
