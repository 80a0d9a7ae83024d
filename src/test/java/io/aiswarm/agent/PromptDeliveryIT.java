package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.master.AgentStatus;
import io.aiswarm.master.PaneTerminal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verified delivery against the simulated agent in a real tmux: every prompt is taken exactly once or not at all. */
class PromptDeliveryIT {
    private static final String W = "agent";
    private static final AgentProfile SIM = AgentProfiles.builtin().get("sim");
    @TempDir
    Path tmp;
    private SimAgentPane pane;

    @BeforeEach
    void start() {
        pane = new SimAgentPane(tmp, W, Map.of("SIM_AGENT_DIALOG_GRACE", "0.1"));
        awaitStatus(pane, AgentStatus.IDLE);
    }

    @AfterEach
    void stop() {
        pane.close();
    }

    @Test
    void promptToAnIdleAgentStartsItsTurnOnce() {
        DeliveryResult r = delivery(pane).deliver(W, "hello sleep:1");
        assertThat(r.delivered()).as(r.notes().toString()).isTrue();
        assertThat(r.tries()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> pane.events().contains("end"));
        assertThat(pane.events()).containsExactly("prompt hello sleep:1", "end");
    }

    @Test
    void busyAgentGetsNothingTyped() {
        assertThat(delivery(pane).deliver(W, "first sleep:3").delivered()).isTrue();
        DeliveryResult second = new PromptDelivery(pane, SIM, Clock.systemUTC(), Duration.ofMillis(500),
                Duration.ofSeconds(5), 3).deliver(W, "second");
        assertThat(second.delivered()).isFalse();
        assertThat(second.tries()).isZero();
        assertThat(second.reason()).contains("not ready").contains("BUSY");
        await().atMost(Duration.ofSeconds(20)).until(() -> pane.events().contains("end"));
        awaitStatus(pane, AgentStatus.FINISHED);
        assertThat(pane.events()).containsExactly("prompt first sleep:3", "end");
    }

    @Test
    void agentInAPermissionDialogGetsNothingTyped() {
        assertThat(delivery(pane).deliver(W, "tidy up: rm -rf build").delivered()).isTrue();
        awaitStatus(pane, AgentStatus.WAITING);
        DeliveryResult r = new PromptDelivery(pane, SIM, Clock.systemUTC(), Duration.ofMillis(300),
                Duration.ofSeconds(5), 3).deliver(W, "another task");
        assertThat(r.delivered()).isFalse();
        assertThat(r.reason()).contains("WAITING");
        assertThat(pane.events()).filteredOn(l -> l.startsWith("prompt ")).containsExactly("prompt tidy up: rm -rf build");
        assertThat(pane.events()).noneMatch(l -> l.startsWith("approved") || l.startsWith("denied"));
    }

    @Test
    void textSomeoneTypedIsNeitherSubmittedNorAppendedTo() {
        pane.sendText(W, "half a thought");
        await().atMost(Duration.ofSeconds(10)).until(() -> "half a thought".equals(read(pane).input()));
        DeliveryResult r = new PromptDelivery(pane, SIM, Clock.systemUTC(), Duration.ofMillis(300),
                Duration.ofSeconds(5), 3).deliver(W, "task");
        assertThat(r.delivered()).isFalse();
        assertThat(r.reason()).contains("input box holds 'half a thought'");
        assertThat(read(pane).input()).isEqualTo("half a thought");
        assertThat(pane.events()).isEmpty();
    }

    @Test
    void longMultiLinePromptGoesInAsOnePaste() {
        String prompt = "line one\nline two\n" + "x".repeat(300) + "\nsleep:0.2";
        DeliveryResult r = delivery(pane).deliver(W, prompt);
        assertThat(r.delivered()).as(r.notes().toString()).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> pane.events().contains("end"));
        assertThat(pane.events()).containsExactly("prompt " + prompt.replace('\n', ' '), "end");
    }

    @Test
    void lostEnterIsResentWithoutRetypingTheText() {
        AtomicInteger enters = new AtomicInteger();
        PaneTerminal dropsFirstEnter = new ForwardingTerminal(pane) {
            @Override
            public void sendKey(String w, String key) {
                if (key.equals("Enter") && enters.getAndIncrement() == 0) return;
                super.sendKey(w, key);
            }
        };
        DeliveryResult r = delivery(dropsFirstEnter).deliver(W, "only once sleep:0.5");
        assertThat(r.delivered()).as(r.notes().toString()).isTrue();
        assertThat(r.reason()).contains("second Enter");
        await().atMost(Duration.ofSeconds(15)).until(() -> pane.events().contains("end"));
        assertThat(pane.events()).containsExactly("prompt only once sleep:0.5", "end");
    }

    @Test
    void droppedTextIsTypedAgainOnTheNextTry() {
        AtomicInteger texts = new AtomicInteger();
        PaneTerminal dropsFirstText = new ForwardingTerminal(pane) {
            @Override
            public void sendText(String w, String text) {
                if (texts.getAndIncrement() == 0) return;
                super.sendText(w, text);
            }
        };
        DeliveryResult r = delivery(dropsFirstText).deliver(W, "retry me sleep:0.5");
        assertThat(r.delivered()).as(r.notes().toString()).isTrue();
        assertThat(r.tries()).isEqualTo(2);
        assertThat(r.notes().get(0)).contains("never showed");
        await().atMost(Duration.ofSeconds(15)).until(() -> pane.events().contains("end"));
        assertThat(pane.events()).containsExactly("prompt retry me sleep:0.5", "end");
    }

    @Test
    void agentThatNeverTakesThePromptIsGivenUpOnWithTheBoxCleared() {
        PaneTerminal noEnter = new ForwardingTerminal(pane) {
            @Override
            public void sendKey(String w, String key) {
                if (!key.equals("Enter")) super.sendKey(w, key);
            }
        };
        DeliveryResult r = new PromptDelivery(noEnter, SIM, Clock.systemUTC(), Duration.ofSeconds(3),
                Duration.ofSeconds(1), 2).deliver(W, "never submitted");
        assertThat(r.delivered()).isFalse();
        assertThat(r.tries()).isEqualTo(2);
        assertThat(r.reason()).contains("not taken after 2 tries");
        assertThat(read(pane).inputEmpty()).isTrue();
        assertThat(pane.events()).isEmpty();
    }

    static PromptDelivery delivery(PaneTerminal t) {
        return new PromptDelivery(t, SIM, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofSeconds(8), 3);
    }

    static ScreenReading read(SimAgentPane p) {
        return new AgentScreenReader(SIM).read(p.capture(W));
    }

    static void awaitStatus(SimAgentPane p, AgentStatus status) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> read(p).status() == status);
    }
}
