package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WaitPatternDetectorTest {
    private final WaitPatternDetector detector = WaitPatternDetector.defaults();

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Continue? [y/n]                                   | INTERACTIVE_CONFIRM
            Install these packages? [Y/n]                     | INTERACTIVE_CONFIRM
            Proceed with the upgrade [y/N]:                   | INTERACTIVE_CONFIRM
            Retry the download (y/n)?                         | INTERACTIVE_CONFIRM
            Do you accept the license (yes/no)?               | INTERACTIVE_CONFIRM
            Apply the migration now? y or n                   | INTERACTIVE_CONFIRM
            Please answer yes or no.                          | INTERACTIVE_CONFIRM
            Type 'yes' or 'no':                               | INTERACTIVE_CONFIRM
            是否继续？(是/否)                                  | INTERACTIVE_CONFIRM
            Ok to proceed? (y)                                | INTERACTIVE_CONFIRM
            Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: | INTERACTIVE_CONFIRM
            Press ENTER to continue                           | PRESS_ENTER
            Press Return to go on                             | PRESS_ENTER
            hit enter when ready                              | PRESS_ENTER
            Press any key to continue . . .                   | PRESS_ENTER
            [Press Enter to continue or Ctrl-C to abort]      | PRESS_ENTER
            按回车继续                                         | PRESS_ENTER
            回车继续...                                        | PRESS_ENTER
            请按回车键继续…                                     | PRESS_ENTER
            Are you sure you want to publish version 1.2?     | CONFIRM_WORDING
            Confirm the release of v1.2:                      | CONFIRM_WORDING
            Please confirm:                                   | CONFIRM_WORDING
            Can you confirm the version number?               | CONFIRM_WORDING
            确认发布新版本吗？                                   | CONFIRM_WORDING
            确定吗?                                            | CONFIRM_WORDING
            Would you like to publish the package?            | CONFIRM_WORDING
            """)
    void recognisesEveryCategoryAtTheBottom(String prompt, PatternCategory expected) {
        Detection d = detector.detect(Screens.withOutputAbove(prompt + " "));
        assertThat(d.category()).isEqualTo(expected);
        assertThat(d.state()).isEqualTo(AgentStatus.WAITING);
        assertThat(d.matchedLine()).isEqualTo(prompt.strip());
        assertThat(d.lineFromBottom()).isZero();
        assertThat(d.lineIndexIn(Screens.withOutputAbove(prompt + " "))).isEqualTo(4);
    }

    /** A prompt for a secret, the cursor after it: a person types it; never answered, never typed into. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "[sudo] password for ann:",
            "Password:",
            "Enter password for user root:",
            "Enter passphrase for key '/home/ann/.ssh/id_ed25519':",
            "Enter passphrase (empty for no passphrase):",
            "Password for 'https://ann@github.com':",
            "Username for 'https://github.com':",
            "Enter PIN:",
            "Verification code:",
            "One-time password (OTP):",
            "login:",
            "Bitwarden master password:"})
    void credentialPromptsAreTheirOwnCategory(String prompt) {
        String screen = Screens.withOutputAbove(prompt + " ");
        Detection d = detector.detect(screen);
        assertThat(d.category()).isEqualTo(PatternCategory.CREDENTIAL);
        assertThat(d.state()).isEqualTo(AgentStatus.WAITING);
        assertThat(RescuePolicy.defaults().decide(d).action()).isEqualTo(RescueAction.RAISE_HELP);
        // answered (output under it): history
        assertThat(detector.detect(screen + "\nok, logged in").waiting()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "Password updated.",
            "Authenticated with gemini-api-key /auth",
            "Using the token from $GITHUB_TOKEN",
            "The login page now shows the username field"})
    void linesAboutSecretsAreNoPrompts(String line) {
        assertThat(detector.detect(Screens.withOutputAbove(line)).waiting()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "I will confirm the result",
            "I will confirm the result.",
            "Let me confirm the result:",
            "We confirmed the fix and will continue tomorrow.",
            "Confirmation email sent to the team",
            "Continue reading the docs for details",
            "Let's continue with the next step.",
            "I'm not sure the tests cover this case",
            "are you sure this is right",
            "The installer asked y or n earlier and we answered",
            "Press releases are published weekly",
            "1. Yes, the parser handles it",
            "Continue? [y/N] y",
            "Overwrite config? [y/n] n",
            "确认结果已经写入文件",
    })
    void ordinaryTextDoesNotFire(String line) {
        Detection d = detector.detect(Screens.withOutputAbove(line));
        assertThat(d.category()).isEqualTo(PatternCategory.NONE);
        assertThat(d.waiting()).isFalse();
        assertThat(d.patternName()).isEmpty();
        assertThat(d.lineFromBottom()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Press Enter to continue", "Continue? [y/N]", "Are you sure you want to continue?",
            "Do you want to proceed?\n❯ 1. Yes\n  2. No"})
    void aPromptThatScrolledIntoHistoryDoesNotFire(String prompt) {
        String screen = Screens.withOutputAbove(prompt)
                + "\nanswered, moving on\nstep 4: packaging\nstep 5: uploading\nstep 6: cleanup\n"
                + "step 7: summary\nstep 8: notes\nstep 9: more notes\nstep 10: done\nstep 11: bye\nstep 12: end\n";
        assertThat(detector.detect(screen).category()).isEqualTo(PatternCategory.NONE);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Press ENTER to continue ", "Continue? [y/N] ", "Ok to proceed? (y) "})
    void aLinePromptWithOutputUnderItWasAnswered(String prompt) {
        // The cursor stays on a one-line prompt; output under it means the answer was given. An Enter sent now
        // would sit in the input buffer and answer the next question.
        Detection d = detector.detect(Screens.withOutputAbove(prompt + "\n[t-3] continued\n"));
        assertThat(d.category()).isEqualTo(PatternCategory.NONE);
    }

    @Test
    void aPromptWithAShellPromptBelowIsHistory() {
        Detection d = detector.detect(Screens.load("exec-finished-shell.txt"));
        assertThat(d.category()).isEqualTo(PatternCategory.NONE);
        assertThat(d.state()).isEqualTo(AgentStatus.IDLE);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            claude-permission-rm.txt       | claude-proceed      | Do you want to proceed?
            claude-permission-harmless.txt | claude-proceed      | Do you want to proceed?
            claude-create-file.txt         | claude-file-change  | Do you want to create hello.py?
            codex-approval-rm.txt          | codex-approval      | Would you like to run the following command?
            codex-approval-harmless.txt    | codex-approval      | Would you like to run the following command?
            gemini-approval-rm.txt         | gemini-approval     | Allow execution of: 'rm'?
            gemini-apply-change.txt        | gemini-approval     | Apply this change?
            """)
    void agentPermissionDialogsAreChoiceMenus(String screen, String pattern, String line) {
        Detection d = detector.detect(Screens.load(screen));
        assertThat(d.state()).isEqualTo(AgentStatus.WAITING);
        assertThat(d.category()).isEqualTo(PatternCategory.CHOICE_MENU);
        assertThat(d.patternName()).isEqualTo(pattern);
        assertThat(d.matchedLine()).isEqualTo(line);
    }

    @Test
    void theCursorOnANumberedOptionIsAMenuEvenWithoutAKnownQuestion() {
        String screen = "Pick a template:\n  1. minimal\n❯ 2. library\n  3. service\n";
        Detection d = detector.detect(screen);
        assertThat(d.category()).isEqualTo(PatternCategory.CHOICE_MENU);
        assertThat(d.patternName()).isEqualTo("numbered-choice");
        assertThat(d.matchedLine()).isEqualTo("❯ 2. library");
        assertThat(d.lineIndexIn(screen)).isEqualTo(2);
        assertThat(d.lineFromBottom()).isEqualTo(2); // "  3. service" and the empty line after the last '\n'

    }

    @Test
    void aDialogFooterSayingPressEnterIsNotABarePause() {
        // Codex: "Press enter to confirm" under the menu must never read as a harmless pause.
        Detection d = detector.detect(Screens.load("codex-approval-harmless.txt"));
        assertThat(d.category()).isEqualTo(PatternCategory.CHOICE_MENU);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            claude-idle.txt                | IDLE
            claude-idle-after-question.txt | IDLE
            claude-busy.txt                | BUSY
            codex-idle.txt                 | IDLE
            codex-busy.txt                 | BUSY
            gemini-idle.txt                | IDLE
            gemini-busy.txt                | BUSY
            exec-finished-shell.txt        | IDLE
            claude-trust-folder.txt        | WAITING
            apt-upgrade.txt                | WAITING
            ssh-fingerprint.txt            | WAITING
            exec-press-enter.txt           | WAITING
            """)
    void classifiesTheStateOfRealisticScreens(String screen, AgentStatus expected) {
        assertThat(detector.detect(Screens.load(screen)).state()).isEqualTo(expected);
    }

    @Test
    void aScreenWithoutMarkersIsUnknown() {
        assertThat(detector.detect("compiling module 3 of 9\nlinking").state()).isEqualTo(AgentStatus.UNKNOWN);
        assertThat(detector.detect("").state()).isEqualTo(AgentStatus.UNKNOWN);
        assertThat(detector.detect(null).state()).isEqualTo(AgentStatus.UNKNOWN);
    }

    @Test
    void readsOnlyTheLastTwentyNonBlankLinesOfALongCapture() {
        String history = IntStream.range(0, 5000).mapToObj(i -> "line " + i + " Press Enter to continue [y/n]")
                .collect(Collectors.joining("\n"));
        Detection d = detector.detect(history + "\n\n\npackaging\n\nuploading\nall done\n\n");
        assertThat(d.tail()).hasSize(WaitPatternDetector.TAIL_LINES).last().isEqualTo("all done");
        assertThat(d.category()).isEqualTo(PatternCategory.NONE);
    }

    @Test
    void lineIndexCountsBlankLinesAndCarriageReturns() {
        String screen = "a\r\n\r\n\r\nb\r\nPress Enter to continue\r\n\r\n";
        Detection d = detector.detect(screen);
        assertThat(d.matchedLine()).isEqualTo("Press Enter to continue");
        assertThat(d.lineIndexIn(screen)).isEqualTo(4);
        assertThat(d.lineFromBottom()).isEqualTo(2);
    }

    @Test
    void borderedLinesAreTrimmedAndRulesAreBlank() {
        assertThat(ScreenTail.of("│ Do you want to proceed? │\n────────\n╰──╯\n", 5))
                .extracting(ScreenTail.Line::text).containsExactly("Do you want to proceed?");
    }
}
