package io.aiswarm.state.pg;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Child JVM: adds tasks {@code <prefix>-<i>} and appends one event each, printing a line for each write the store
 * acknowledged ("task i", "event i"). While the database is down it retries (the session's backoff spaces the
 * attempts); a task whose add failed without an answer and then turns out to exist was committed: acknowledged too.
 * An event appended again after an unanswered attempt may be stored twice: it prints "retried event i".
 */
public final class AckWriterMain {
    private AckWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        String prefix = args[1];
        try (PgSession db = new PgSession(PgSettings.from(System.getenv()), "writer", Clock.systemUTC())) {
            PgTaskQueue queue = new PgTaskQueue(db, Clock.systemUTC());
            PgStatusLog log = new PgStatusLog(db);
            System.out.println("ready");
            for (int i = 0; i < count; i++) {
                String id = prefix + "-" + i;
                String command = "echo " + i;
                retry(() -> {
                    try {
                        queue.add(new NewTask(id, command, null, null));
                    } catch (IllegalArgumentException e) {
                        if (!e.getMessage().contains("already exists")) throw e; // our unanswered add committed
                    }
                    return null;
                });
                System.out.println("task " + i);
                StatusEvent e = new StatusEvent(Clock.systemUTC().instant(), "worker-0", id, BroadcastState.DONE,
                        id, null);
                if (retry(() -> {
                    log.append(e);
                    return null;
                })) {
                    System.out.println("retried event " + i);
                }
                System.out.println("event " + i);
                System.out.flush();
            }
        }
    }

    /** Runs {@code write} until the store answers; true when it had to try again after a failure. */
    private static boolean retry(Supplier<Void> write) throws InterruptedException {
        boolean retried = false;
        while (true) {
            try {
                write.get();
                return retried;
            } catch (StoreUnavailableException e) {
                retried = true;
                Thread.sleep(50); // the session refuses at once until its backoff allows the next attempt
            }
        }
    }
}
