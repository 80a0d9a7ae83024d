package io.aiswarm.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.testing.TmuxServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quoting rule checked against tmux's real parser (set-buffer/save-buffer) and against sh (run-shell). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TmuxQuotingIT {
    private final TmuxServer server = new TmuxServer();
    private ControlModeClient client;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        server.run("new-session", "-d", "-s", "q");
        client = ControlModeClient.attach(server.socket(), "q");
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "", "it's", "''", "a;b", "a ; b", "\\;", "#comment", "a #b", "$HOME", "${HOME}",
        "~", "~/x", "{", "}", "{ display -p x }", "\\", "a\\b\\", "-t", "--", "-", "\"", "'\"'\"'", "%end 1 2 1",
        "#{pane_id}", "tab\there", "é✓日本😀", "`id`", "$(id)", "  spaced  ", "l1\nl2", "\r\n", "end\n",
        "\u001b[0m", "\u0001\u001f", "\u007f", "'\n'", "\\n", "\"\n\""})
    void tmuxReadsBackExactlyWhatWasQuoted(String text) throws Exception {
        Path out = dir.resolve("buffer-" + Integer.toHexString(text.hashCode()) + ".txt");
        client.command("set-buffer -b q -- " + TmuxQuoting.quote(text + "|"));
        client.command("save-buffer -b q " + TmuxQuoting.quote(out.toString()));
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(text + "|");
    }

    @ParameterizedTest
    @ValueSource(strings = {"it's", "a;b", "$HOME", "`id`", "$(id)", "~", "\\", "-n", "é✓", "a b", "#x", "{}", "two\nlines"})
    void shReadsBackExactlyWhatWasQuoted(String text) throws Exception {
        Path out = dir.resolve("sh-" + Integer.toHexString(text.hashCode()) + ".txt");
        String shell = "printf '%s' " + TmuxQuoting.shell(text) + " > " + TmuxQuoting.shell(out.toString());
        client.command("run-shell " + TmuxQuoting.quote(shell));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out));
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
