package io.aiswarm.state.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLog;
import io.aiswarm.state.TaskQueue;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChangeFeed} does: a watch hears of a task added or changed and of a status event appended, by any
 * user of the store, and stops hearing once closed. {@link #feed()} is on fresh state per test; {@link #queue()} and
 * {@link #statusLog()} write to that state as another process would (where the store allows).
 */
public interface ChangeFeedContract {
    ChangeFeed feed();

    TaskQueue queue();

    StatusLog statusLog();

    /** How long a notification may take (a file watch or a database round trip). */
    default long patienceSeconds() {
        return 10;
    }

    /** Waits for a notification, then drains the rest of its burst (a file write is several events) until quiet. */
    private boolean heard(Semaphore calls) throws InterruptedException {
        boolean got = calls.tryAcquire(patienceSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < 25 && calls.tryAcquire(200, TimeUnit.MILLISECONDS); i++) {
            calls.drainPermits();
        }
        return got;
    }

    @Test
    default void aWatchHearsOfTasksAndStatusEventsFromAnyUser() throws Exception {
        Semaphore calls = new Semaphore(0);
        try (ChangeFeed.Watch watch = feed().watch(calls::release)) {
            awaitReady(calls);
            queue().add(new NewTask("a", "x", null, null));
            assertThat(heard(calls)).as("a task added").isTrue();
            queue().update("a", t -> t.assignedTo("worker-0", Instant.now()));
            assertThat(heard(calls)).as("a task changed").isTrue();
            statusLog().append(new StatusEvent(Instant.now(), "worker-0", "a", BroadcastState.DONE, "",
                    null));
            assertThat(heard(calls)).as("a status event").isTrue();
        }
    }

    @Test
    default void aClosedWatchHearsNothingMore() throws Exception {
        Semaphore calls = new Semaphore(0);
        ChangeFeed.Watch watch = feed().watch(calls::release);
        awaitReady(calls);
        watch.close();
        calls.drainPermits();
        queue().add(new NewTask("a", "x", null, null));
        assertThat(calls.tryAcquire(500, TimeUnit.MILLISECONDS)).as("no call within half a second").isFalse();
    }

    /**
     * A store whose watch starts asynchronously (a database connection) may call once when it is ready, as a
     * resync; this waits for that and drains it, so that what follows counts only real changes.
     */
    default void awaitReady(Semaphore calls) throws InterruptedException {
        calls.drainPermits();
    }
}
