package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiswarm.testing.MutableClock;
import io.aiswarm.testing.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rescuer against a real pane in a private tmux server: real captures, real keys, a real script reading stdin. */
class RescueOnRealTmuxIT {
    private static final String SCRIPT = String.join("; ",
            "printf 'step 1: generating the changelog\\n'",
            "printf 'Press ENTER to continue '",
            "read -r _",
            "printf 'step 2: continued after Enter\\n'",
            "printf 'This will delete 120 files. Continue? [y/N] '",
            "read -r a",
            "printf 'answer=[%s]\\n' \"$a\"",
            "sleep 60");

    private final TmuxServer tmux = new TmuxServer();
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        tmux.close();
    }

    private String capture() {
        return tmux.run("capture-pane", "-p", "-t", "rescue:0.0", "-S", "-50");
    }

    @Test
    void entersABarePauseRaisesHelpForTheDangerousQuestionAndNeverTypesAnAnswer() throws Exception {
        tmux.run("new-session", "-d", "-s", "rescue", "-x", "120", "-y", "30", "sh", "-c", SCRIPT);
        Path log = dir.resolve("rescue-decisions.jsonl");
        MutableClock clock = new MutableClock(Instant.now());
        AutoRescuer rescuer = new AutoRescuer(WaitPatternDetector.defaults(), RescuePolicy.defaults(),
                new RescueDecisionLog(log), clock);

        await().atMost(Duration.ofSeconds(20)).until(() -> capture().contains("Press ENTER to continue"));
        RescueDecision pause = rescuer.inspect("worker-0", capture());
        assertThat(pause.action()).isEqualTo(RescueAction.SEND_ENTER);
        tmux.run("send-keys", "-t", "rescue:0.0", "Enter");

        await().atMost(Duration.ofSeconds(20)).until(() -> capture().contains("Continue? [y/N]"));
        assertThat(capture()).contains("step 2: continued after Enter");
        RescueDecision question = rescuer.inspect("worker-0", capture());
        assertThat(question.action()).isEqualTo(RescueAction.RAISE_HELP);
        assertThat(question.category()).isEqualTo(PatternCategory.INTERACTIVE_CONFIRM);
        assertThat(question.reason()).contains("dangerous word 'delete'");

        clock.advance(Duration.ofMinutes(1)); // a later scan of the same screen, past the cooldown: decided once
        assertThat(rescuer.inspect("worker-0", capture()).action()).isEqualTo(RescueAction.NONE);
        assertThat(capture()).doesNotContain("answer=");

        // A person answers; the pane then shows no prompt.
        tmux.run("send-keys", "-t", "rescue:0.0", "-l", "--", "n");
        tmux.run("send-keys", "-t", "rescue:0.0", "Enter");
        await().atMost(Duration.ofSeconds(20)).until(() -> capture().contains("answer=[n]"));
        RescueDecision after = rescuer.inspect("worker-0", capture());
        assertThat(after.action()).isEqualTo(RescueAction.NONE);
        assertThat(after.category()).isEqualTo(PatternCategory.NONE);

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines.get(0)).get("action").asText()).isEqualTo("SEND_ENTER");
        assertThat(json.readTree(lines.get(1)).get("action").asText()).isEqualTo("RAISE_HELP");
    }
}
