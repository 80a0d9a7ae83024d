package io.aiswarm.state.file;

import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh status.log in a temporary directory, with a broadcaster on a controllable clock. */
abstract class StatusLogFixture {
    @TempDir
    Path tmp;
    MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    Path file;
    FileStatusLog log;
    StatusBroadcaster broadcaster;

    @BeforeEach
    void openLog() {
        file = tmp.resolve("status.log");
        log = new FileStatusLog(file);
        broadcaster = new StatusBroadcaster(log, clock);
    }
}
