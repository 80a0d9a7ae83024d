package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.master.PaneTerminal;
import io.aiswarm.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Verified delivery, in-process: Claude Code's recorded screens stand in for the agent, and every wait of the
 * delivery moves a clock instead of sleeping, so its timeouts are exact. The same against the simulated agent in
 * a real tmux is {@link PromptDeliveryIT}.
 */
class PromptDeliveryTest {
    private static final String W = "worker-0";
    private static final AgentProfile CLAUDE = AgentProfiles.builtin().get("claude");
    private final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    private final Instant start = clock.instant();

    private PromptDelivery delivery(PaneTerminal terminal, Duration readyTimeout, Duration startTimeout, int tries) {
        return new PromptDelivery(terminal, CLAUDE, clock, readyTimeout, startTimeout, tries, clock::advance);
    }

    private PromptDelivery delivery(PaneTerminal terminal) {
        return delivery(terminal, Duration.ofSeconds(5), Duration.ofSeconds(10), 3);
    }

    @Test
    void aPromptToAnIdleAgentIsTypedOnceAndStartsItsTurn() {
        RecordedClaude claude = new RecordedClaude(RecordedClaude.Screen.IDLE);
        DeliveryResult r = delivery(claude).deliver(W, "summarise the repo");
        assertThat(r.delivered()).as(r.notes().toString()).isTrue();
        assertThat(r.tries()).isEqualTo(1);
        assertThat(r.reason()).startsWith("started (BUSY");
        assertThat(claude.typed).containsExactly("summarise the repo");
        assertThat(claude.keys).containsExactly("Enter");
        // Enter went in after the profile's pause, not with the text
        assertThat(Duration.between(start, clock.instant()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(CLAUDE.submit().enterDelayMillis()));
    }

    @Test
    void aBusyAgentGetsNothingTypedAndIsGivenUpOnAfterTheReadyTimeout() {
        RecordedClaude claude = new RecordedClaude(RecordedClaude.Screen.BUSY);
        DeliveryResult r = delivery(claude, Duration.ofMillis(500), Duration.ofSeconds(5), 3).deliver(W, "second");
        assertThat(r.delivered()).isFalse();
        assertThat(r.tries()).isZero();
        assertThat(r.reason()).contains("not ready").contains("BUSY");
        assertThat(claude.typed).isEmpty();
        assertThat(claude.keys).isEmpty();
        assertThat(Duration.between(start, clock.instant())).isBetween(Duration.ofMillis(500), Duration.ofMillis(600));
    }

    @Test
    void anAgentInAPermissionDialogGetsNothingTyped() {
        RecordedClaude claude = new RecordedClaude(RecordedClaude.Screen.DIALOG);
        DeliveryResult r = delivery(claude, Duration.ofMillis(300), Duration.ofSeconds(5), 3).deliver(W, "another");
        assertThat(r.delivered()).isFalse();
        assertThat(r.reason()).contains("WAITING");
        assertThat(claude.typed).isEmpty();
        assertThat(claude.keys).as("no key would answer the dialog").isEmpty();
    }

    @Test
    void textSomeoneTypedIsNeitherSubmittedNorAppendedTo() {
        RecordedClaude claude = new RecordedClaude(RecordedClaude.Screen.TYPED);
        DeliveryResult r = delivery(claude, Duration.ofMillis(300), Duration.ofSeconds(5), 3).deliver(W, "task");
        assertThat(r.delivered()).isFalse();
        assertThat(r.reason()).contains("input box holds 'summarise the repo'");
        assertThat(claude.typed).isEmpty();
        assertThat(claude.keys).isEmpty();
    }

    @Test
    void aLostEnterIsSentAgainWithoutTypingTheTextTwice() {
        RecordedClaude claude = new RecordedClaude(RecordedClaude.Screen.IDLE);
        claude.entersToDrop = 1;
        DeliveryResult r = delivery(claude).deliver(W, "only once");
        assertThat(r.delivered()).as(r.notes().toString()).isTrue();
        assertThat(r.reason()).contains("second Enter");
        assertThat(claude.typed).containsExactly("only once");
        assertThat(claude.keys).containsExactly("Enter", "Enter");
    }

    @Test
    void textThatNeverShowedIsTypedAgainIntoAClearedBoxOnTheNextTry() {
        RecordedClaude claude = new RecordedClaude(RecordedClaude.Screen.IDLE);
        claude.textsToDrop = 1;
        DeliveryResult r = delivery(claude).deliver(W, "retry me");
        assertThat(r.delivered()).as(r.notes().toString()).isTrue();
        assertThat(r.tries()).isEqualTo(2);
        assertThat(r.notes().get(0)).contains("never showed");
        assertThat(claude.typed).containsExactly("retry me", "retry me");
        assertThat(claude.keys).containsExactly("C-u", "Enter");
    }

    @Test
    void anAgentThatNeverTakesThePromptIsGivenUpOnWithTheBoxCleared() {
        RecordedClaude claude = new RecordedClaude(RecordedClaude.Screen.IDLE);
        claude.entersToDrop = Integer.MAX_VALUE;
        DeliveryResult r = delivery(claude, Duration.ofSeconds(3), Duration.ofSeconds(1), 2).deliver(W, "never");
        assertThat(r.delivered()).isFalse();
        assertThat(r.tries()).isEqualTo(2);
        assertThat(r.reason()).contains("not taken after 2 tries");
        assertThat(claude.screen()).isEqualTo(RecordedClaude.Screen.IDLE);
        // each try types into an empty box: the text is never appended to itself
        assertThat(claude.typed).containsExactly("never", "never");
        assertThat(claude.keys).containsExactly("Enter", "Enter", "C-u", "Enter", "Enter", "C-u");
    }

    @Test
    void aLongOrMultiLinePromptGoesInAsOnePaste() {
        RecordedClaude claude = new RecordedClaude(RecordedClaude.Screen.IDLE);
        String prompt = "line one\nline two\n" + "x".repeat(300);
        DeliveryResult r = delivery(claude).deliver(W, prompt);
        assertThat(r.delivered()).as(r.notes().toString()).isTrue();
        assertThat(claude.pasted).containsExactly(prompt);
        assertThat(claude.typed).isEmpty();
    }

    @Test
    void anAgentWhoseProcessEndedGetsNothing() {
        RecordedClaude claude = new RecordedClaude(RecordedClaude.Screen.IDLE);
        claude.exit();
        DeliveryResult r = delivery(claude).deliver(W, "hello");
        assertThat(r.delivered()).isFalse();
        assertThat(r.reason()).contains("process has ended");
        assertThat(claude.typed).isEmpty();
        assertThat(claude.keys).isEmpty();
    }
}
