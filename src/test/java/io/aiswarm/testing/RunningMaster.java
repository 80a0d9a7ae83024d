package io.aiswarm.testing;

import io.aiswarm.master.RoundSummary;
import io.aiswarm.master.SwarmMaster;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A master running its rounds under its lease on a thread of its own until closed (stopped, awaited, closed). */
public final class RunningMaster implements AutoCloseable {
    private final SwarmMaster master;
    private final CompletableFuture<RoundSummary> run;

    private RunningMaster(SwarmMaster master) {
        this.master = master;
        this.run = CompletableFuture.supplyAsync(() -> {
            try {
                return master.runUntil(() -> false, false, false);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public static RunningMaster start(SwarmMaster master) {
        return new RunningMaster(master);
    }

    public SwarmMaster master() {
        return master;
    }

    @Override
    public void close() throws Exception {
        try {
            master.stop();
            run.get(30, TimeUnit.SECONDS);
        } finally {
            master.close();
        }
    }
}
