package io.aiswarm.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.testing.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ending a session stops parents before their children: a shell waiting for its command never sees it die. */
class SessionTeardownIT {
    @TempDir
    Path dir;
    private final TmuxServer server = new TmuxServer();

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aWaitingShellIsStoppedBeforeItsCommandSoItReportsNothing() {
        Path reports = dir.resolve("reports");
        Path started = dir.resolve("started");
        // like an exec runner: job control on, a foreground command, a line written when that command ends
        String pane = "set -m; trap : INT; sh -c 'echo running >> \"$0\"; sleep 60' '" + started + "'; "
                + "echo \"ended $?\" >> '" + reports + "'";
        server.run("new-session", "-d", "-s", "down", "bash", "-c", pane);
        for (int i = 1; i < 6; i++) server.run("new-window", "-d", "-t", "=down:", "bash", "-c", pane);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started)
                && Files.readAllLines(started).size() == 6);
        TmuxSwarmManager.stopSession(server.socket(), "down");
        assertThat(reports).as("no shell saw its command die").doesNotExist();
    }
}
