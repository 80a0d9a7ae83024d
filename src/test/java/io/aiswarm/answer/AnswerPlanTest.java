package io.aiswarm.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.agent.AgentProfiles;
import io.aiswarm.agent.AgentScreensAccess;
import io.aiswarm.agent.AnswerKeys;
import io.aiswarm.view.HelpAnswerer.Answer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which keys an answer types, on the dialogs recorded from the real CLIs and on shell prompts. */
class AnswerPlanTest {
    private static final AgentProfiles PROFILES = AgentProfiles.builtin();

    private static ScreenPrompt agentScreen(String profile, String file) {
        return ScreenPrompt.read(AgentScreensAccess.load(file), PROFILES.get(profile));
    }

    private static List<String> keys(Keystrokes k) {
        return k.steps().stream().map(s -> s[0] + ":" + s[1]).toList();
    }

    /** The option is found by its text: Claude Code 2.1.330 moved No from 3 to 4. */
    @ParameterizedTest(name = "{0} {1}: {2} -> {3}")
    @CsvSource({
            "claude, claude-2.1.197-waiting-bash.txt, NO, key:3",
            "claude, claude-2.1.197-waiting-bash.txt, YES, key:1",
            "claude, claude-2.1.330-waiting-bash.txt, NO, key:4",
            "claude, claude-2.1.330-waiting-bash.txt, YES, key:1",
            "claude, claude-2.1.330-waiting-bash.txt, CANCEL, key:Escape",
            "codex, codex-0.169.0-waiting-rm.txt, NO, key:3",
            "codex, codex-0.169.0-waiting-rm.txt, YES, key:1",
            "gemini, gemini-0.61.0-waiting-rm.txt, NO, key:3",
            "gemini, gemini-0.61.0-waiting-rm.txt, YES, key:1",
            "codex, codex-0.171.0-trust-folder.txt, YES, key:1",
            "gemini, gemini-0.61.0-trust-folder.txt, YES, key:1",
            "gemini, gemini-0.61.0-trust-folder.txt, NO, key:3"})
    void agentDialogsAreAnsweredByTheOptionsText(String profile, String file, Answer answer, String expected) {
        ScreenPrompt prompt = agentScreen(profile, file);
        assertThat(prompt.waiting()).isTrue();
        assertThat(keys(AnswerPlan.plan("worker-0", prompt, answer, null, PROFILES.get(profile).answer())))
                .containsExactly(expected);
    }

    @Test
    void theDialogsOptionsAreReadWithTheirMeaning() {
        List<MenuOption> options = MenuOptions.of(agentScreen("claude", "claude-2.1.330-waiting-bash.txt").lines());
        assertThat(options).extracting(MenuOption::number).containsExactly(1, 2, 3, 4);
        assertThat(options.get(0).highlighted()).isTrue();
        assertThat(MenuOptions.means(options.get(2), Answer.YES)).as("switch to auto mode is more than yes").isFalse();
        assertThat(MenuOptions.means(options.get(1), Answer.YES)).as("always allow is more than yes").isFalse();
    }

    @Test
    void anOptionGivenByNumberIsChosenUnlessItMeansTheOpposite() {
        ScreenPrompt prompt = agentScreen("claude", "claude-2.1.330-waiting-bash.txt");
        assertThat(keys(AnswerPlan.plan("w", prompt, Answer.YES, 2, AnswerKeys.AGENT_DEFAULT))).containsExactly("key:2");
        assertThatThrownBy(() -> AnswerPlan.plan("w", prompt, Answer.NO, 1, AnswerKeys.AGENT_DEFAULT))
                .isInstanceOf(AnswerRefused.class).hasMessageContaining("reads as yes");
        assertThatThrownBy(() -> AnswerPlan.plan("w", prompt, Answer.NO, 7, AnswerKeys.AGENT_DEFAULT))
                .hasMessageContaining("no option 7");
        // arrows: from the highlighted option down to 4, then Enter
        assertThat(keys(AnswerPlan.plan("w", prompt, Answer.NO, null, new AnswerKeys(AnswerKeys.ARROWS, "Escape"))))
                .containsExactly("key:Down", "key:Down", "key:Down", "key:Enter");
    }

    @Test
    void refusesWhatItCannotTellForSure() {
        // a menu without numbers (Claude Code's "Do you want to use this API key?")
        assertThatThrownBy(() -> AnswerPlan.plan("w", agentScreen("claude", "claude-2.1.330-api-key.txt"), Answer.NO,
                null, AnswerKeys.AGENT_DEFAULT)).hasMessageContaining("without numbered options");
        // a secret is never typed
        assertThatThrownBy(() -> AnswerPlan.plan("w", agentScreen("gemini", "gemini-0.61.0-api-key-box.txt"),
                Answer.YES, null, AnswerKeys.AGENT_DEFAULT)).hasMessageContaining("secret");
        // nothing waits
        assertThatThrownBy(() -> AnswerPlan.plan("w", agentScreen("claude", "claude-2.1.330-after-no.txt"),
                Answer.NO, null, AnswerKeys.AGENT_DEFAULT)).hasMessageContaining("nothing waits")
                .hasMessageContaining("What should Claude do instead?");
        // Codex's trust dialog has no option that means no
        assertThatThrownBy(() -> AnswerPlan.plan("w", agentScreen("codex", "codex-0.171.0-trust-folder.txt"),
                Answer.NO, null, AnswerKeys.AGENT_DEFAULT)).hasMessageContaining("no single option that means no");
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Delete 120 files? [y/N]                | NO     | text:n,key:Enter
            Delete 120 files? [y/N]                | YES    | text:y,key:Enter
            Do you accept the license (yes/no)?    | NO     | text:no,key:Enter
            Are you sure you want to publish it?   | YES    | text:y,key:Enter
            Delete 120 files? [y/N]                | CANCEL | key:C-c
            Press ENTER to continue                | YES    | key:Enter
            """)
    void shellPromptsGetTheWordAndEnter(String line, Answer answer, String expected) {
        ScreenPrompt prompt = ScreenPrompt.read("$ ./clean.sh\nscanning build/\n" + line + " ", null);
        assertThat(keys(AnswerPlan.plan("w", prompt, answer, null, AnswerKeys.SHELL_MENU)))
                .containsExactly(expected.split(","));
    }

    @Test
    void aPauseCannotBeAnsweredNo() {
        ScreenPrompt prompt = ScreenPrompt.read("step 1\nPress ENTER to continue", null);
        assertThatThrownBy(() -> AnswerPlan.plan("w", prompt, Answer.NO, null, AnswerKeys.SHELL_MENU))
                .hasMessageContaining("only waits for Enter");
    }
}
