package io.aiswarm.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's main job, run as a user runs it: every path of the scenario, nothing left running. */
class SwarmDemoIT {
    @Test
    void theDemoShowsEveryPathAndLeavesNothingRunning() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok = new SwarmDemo(new PrintStream(bytes, true, StandardCharsets.UTF_8), 4, false).run();
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(ok).as(out).isTrue();
        assertThat(out).contains("killed the master", "started a new master")
                .containsPattern("RESCUE +SEND_ENTER +PRESS_ENTER")
                .containsPattern("HELP +clean-build")
                .containsPattern("RESCUE +RAISE_HELP +INTERACTIVE_CONFIRM")
                .containsPattern("ERROR +bump-deps")
                .contains("every finished task ran exactly once: yes");
        Matcher socket = Pattern.compile("tmux socket (\\S+)").matcher(out);
        assertThat(socket.find()).isTrue();
        Path socketFile = Path.of("/tmp/tmux-" + new com.sun.security.auth.module.UnixSystem().getUid(),
                socket.group(1));
        assertThat(Files.exists(socketFile)).as("demo tmux server socket removed").isFalse();
    }
}
