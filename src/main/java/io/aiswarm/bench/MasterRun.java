package io.aiswarm.bench;

import io.aiswarm.master.RoundSummary;
import io.aiswarm.master.SwarmMaster;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs an in-process master until its queue is drained, or stops it at a deadline. */
final class MasterRun {
    private MasterRun() {
    }

    /** @return the last round, or throws IllegalStateException when the queue did not drain within timeout. */
    static RoundSummary untilDrained(SwarmMaster master, Duration timeout) throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "swarm-bench-master");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<RoundSummary> run = pool.submit(() -> master.runUntil(() -> false, true, false));
            try {
                return run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                master.stop();
                throw new IllegalStateException("the queue did not drain within " + timeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                throw new IllegalStateException("the master failed: " + e.getCause(), e.getCause());
            }
        } finally {
            master.stop();
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
