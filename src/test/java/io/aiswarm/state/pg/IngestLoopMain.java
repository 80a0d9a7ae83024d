package io.aiswarm.state.pg;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Child JVM: ingests the inbox at args[0] in small batches (args[1] bytes) for as long as it lives, printing
 * "ready" once connected; the test SIGKILLs it at random moments, inside transactions or between them.
 */
public final class IngestLoopMain {
    private IngestLoopMain() {
    }

    public static void main(String[] args) {
        try (PgSession db = new PgSession(PgSettings.from(System.getenv()), "ingest", Clock.systemUTC())) {
            InboxIngester ingester = new InboxIngester(db, Path.of(args[0]), Clock.systemUTC(),
                    Integer.parseInt(args[1]), () -> { });
            db.read("connect", c -> c.isValid(5));
            System.out.println("ready");
            System.out.flush();
            while (true) ingester.ingestBatch();
        }
    }
}
