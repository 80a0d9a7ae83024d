package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.master.PaneTerminal;
import io.aiswarm.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ending the previous task's conversation, on Claude Code's recorded screens and a clock the test moves: the clear
 * command and Enter as a key, a fresh screen expected; the restart when the clear does nothing or the profile has
 * none; nothing at all when the agent is not ready.
 */
class ContextResetTest {
    private static final String W = "worker-0";
    private static final String FINISHED = AgentScreens.load("claude-2.1.197-finished.txt");
    private static final String FRESH = AgentScreens.load("claude-2.1.197-idle-fresh.txt");
    private static final String BUSY = AgentScreens.load("claude-2.1.197-busy.txt");
    private final MutableClock clock = MutableClock.at("2026-12-01T13:00:00Z");
    private final List<String> did = new ArrayList<>();

    /** A pane that shows {@code screen}; Enter after the clear command shows {@code afterClear}; a restart, FRESH. */
    private final class Pane implements PaneTerminal {
        String screen;
        final String afterClear;
        String typed = "";

        Pane(String screen, String afterClear) {
            this.screen = screen;
            this.afterClear = afterClear;
        }

        @Override
        public String capture(String workerId) {
            return screen;
        }

        @Override
        public void sendText(String workerId, String text) {
            did.add("text:" + text);
            typed = text;
        }

        @Override
        public void sendKey(String workerId, String key) {
            did.add("key:" + key);
            if (key.equals("Enter") && typed.equals("/clear")) screen = afterClear;
        }

        @Override
        public void paste(String workerId, String text) {
            throw new AssertionError("nothing is pasted");
        }

        void restarted() {
            did.add("restart");
            screen = FRESH;
        }
    }

    private ContextReset reset(AgentProfile profile, Pane pane) {
        return new ContextReset(pane, profile, w -> pane.restarted(), clock, Duration.ofSeconds(2),
                Duration.ofSeconds(15), Duration.ofSeconds(90), clock::advance);
    }

    @Test
    void theClearCommandThenEnterAsAKeyBringsAFreshScreen() {
        Pane pane = new Pane(FINISHED, FRESH);
        ContextReset.Result r = reset(AgentProfiles.builtin().get("claude"), pane).reset(W, "Say hello");
        assertThat(r.fresh()).isTrue();
        assertThat(r.how()).isEqualTo("cleared with '/clear'");
        assertThat(did).containsExactly("text:/clear", "key:Enter");
        assertThat(r.took()).isEqualTo(Duration.ofMillis(400)); // the profile's pause before Enter, nothing more
    }

    @Test
    void aClearThatLeavesTheOldTurnOnScreenFallsBackToARestart() {
        Pane pane = new Pane(FINISHED, FINISHED);
        ContextReset.Result r = reset(AgentProfiles.builtin().get("claude"), pane).reset(W, "Say hello");
        assertThat(r.fresh()).isTrue();
        assertThat(r.how()).startsWith("restarted ('/clear' did not bring a fresh screen within 15 s");
        assertThat(did).containsExactly("text:/clear", "key:Enter", "restart");
    }

    @Test
    void theScreenMustNoLongerShowThePreviousPrompt() {
        String stillThere = FRESH + "\n❯ Please refactor the parser module\n";
        Pane pane = new Pane(FINISHED, stillThere);
        ContextReset.Result r = reset(AgentProfiles.builtin().get("claude"), pane)
                .reset(W, "Please refactor the parser module\nand its tests");
        assertThat(did).contains("restart");
        assertThat(r.fresh()).isTrue();
    }

    @Test
    void aProfileWithoutAClearCommandRestartsTheAgent() {
        Pane pane = new Pane(FINISHED, FRESH);
        ContextReset.Result r = reset(AgentProfiles.builtin().get("claude").withClear(""), pane).reset(W, null);
        assertThat(r.how()).isEqualTo("restarted (profile 'claude' has no clear command)");
        assertThat(did).containsExactly("restart");
    }

    @Test
    void anAgentThatIsNotReadyIsLeftAlone() {
        Pane pane = new Pane(BUSY, FRESH);
        ContextReset.Result r = reset(AgentProfiles.builtin().get("claude"), pane).reset(W, "Say hello");
        assertThat(r.fresh()).isFalse();
        assertThat(r.how()).contains("not ready").contains("BUSY");
        assertThat(did).isEmpty();
    }

    @Test
    void builtInProfilesSayHowTheyClear() {
        AgentProfiles all = AgentProfiles.builtin();
        assertThat(all.get("claude").clear()).isEqualTo("/clear");
        assertThat(all.get("codex").clear()).isEqualTo("/new");
        assertThat(all.get("gemini").clear()).isEqualTo("/clear");
        assertThat(all.get("aider").clear()).isEqualTo("/clear");
        assertThat(all.get("sim").clear()).isEqualTo("/clear");
        assertThat(all.get("generic").clear()).isEmpty();
    }
}
