package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.master.AgentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Screens captured from the real CLIs (src/test/resources/.../screens) and from the facts. */
class AgentScreenReaderTest {
    private static final AgentProfiles PROFILES = AgentProfiles.builtin();

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource({
            "claude-2.1.197-idle-fresh.txt, IDLE",
            "claude-2.1.197-idle-typed.txt, IDLE",
            "claude-2.1.197-busy.txt, BUSY",
            "claude-2.1.197-finished.txt, FINISHED",
            "claude-2.1.197-waiting-bash.txt, WAITING",
            "claude-2.1.197-idle-after-esc.txt, IDLE"})
    void realClaudeScreens(String file, AgentStatus expected) {
        assertThat(read("claude", fixture(file)).status()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1} reads as {2}")
    @CsvSource({
            "codex, codex-0.169.0-idle.txt, IDLE",
            "codex, codex-0.169.0-busy.txt, BUSY",
            "codex, codex-0.169.0-waiting-rm.txt, WAITING",
            "codex, codex-0.169.0-finished.txt, FINISHED",
            "codex, codex-0.169.0-after-esc.txt, IDLE",
            "gemini, gemini-0.61.0-idle.txt, IDLE",
            "gemini, gemini-0.61.0-busy.txt, BUSY",
            "gemini, gemini-0.61.0-waiting-rm.txt, WAITING",
            "gemini, gemini-0.61.0-after-turn.txt, IDLE",
            "gemini, gemini-0.61.0-after-esc.txt, IDLE"})
    void realCodexAndGeminiScreens(String profile, String file, AgentStatus expected) {
        ScreenReading r = read(profile, fixture(file));
        assertThat(r.status()).isEqualTo(expected);
        if (expected == AgentStatus.WAITING) {
            assertThat(r.waitingFor()).isEqualTo("rm -rf build");
        } else {
            assertThat(r.inputEmpty()).isTrue();
        }
    }

    @Test
    void claudeInputBoxTellsTypedTextFromEmpty() {
        assertThat(read("claude", fixture("claude-2.1.197-idle-fresh.txt")).input()).isEmpty();
        assertThat(read("claude", fixture("claude-2.1.197-idle-typed.txt")).input()).isEqualTo("summarise the repo");
        assertThat(read("claude", fixture("claude-2.1.197-busy.txt")).inputEmpty()).isTrue();
    }

    @Test
    void claudePermissionDialogNamesTheCommand() {
        ScreenReading r = read("claude", fixture("claude-2.1.197-waiting-bash.txt"));
        assertThat(r.waitingFor()).isEqualTo("rm -rf build");
        assertThat(r.line()).isEqualTo("Do you want to proceed?");
    }

    @Test
    void turnEndAboveALaterPromptBelongsToTheEarlierTurn() {
        String screen = "❯ first\n● ok\n✻ Worked for 16s\n❯ second\n● Bash(ls)\n  ⎿  Interrupted\n"
                + "────\n❯\u00a0\n────\n  ? for shortcuts\n";
        assertThat(read("claude", screen).status()).isEqualTo(AgentStatus.IDLE);
        assertThat(read("claude", screen + "✻ Cooked for 1m 2s\n").status()).isEqualTo(AgentStatus.FINISHED);
    }

    @Test
    void claudeTrustDialogIsWaiting() {
        String screen = " Quick safety check: Is this a project you created or one you trust?\n ❯ 1. Yes, I trust this folder\n   2. No, exit\n";
        assertThat(read("claude", screen).status()).isEqualTo(AgentStatus.WAITING);
    }

    @Test
    void dialogThatScrolledFarAboveIsNotLive() {
        StringBuilder screen = new StringBuilder(" Do you want to proceed?\n ❯ 1. Yes\n");
        for (int i = 0; i < 40; i++) screen.append("● output line ").append(i).append('\n');
        screen.append("────\n❯\u00a0\n────\n  ? for shortcuts\n");
        assertThat(read("claude", screen.toString()).status()).isEqualTo(AgentStatus.IDLE);
    }

    @ParameterizedTest(name = "codex: {1}")
    @CsvSource(delimiter = '|', value = {
            "› Ask Codex to do anything\\n\\n  ? for shortcuts|IDLE",
            "• Working (3s • esc to interrupt)\\n\\n› Ask Codex to do anything|BUSY",
            "  Would you like to run the following command?\\n\\n  $ rm -rf build\\n\\n› 1. Yes, proceed (y)\\n  2. No (esc)\\n\\n  Press enter to confirm or esc to cancel|WAITING"})
    void codexScreens(String screen, AgentStatus expected) {
        ScreenReading r = read("codex", screen.replace("\\n", "\n"));
        assertThat(r.status()).isEqualTo(expected);
        if (expected == AgentStatus.WAITING) assertThat(r.waitingFor()).isEqualTo("rm -rf build");
        if (expected == AgentStatus.IDLE) assertThat(r.inputEmpty()).isTrue();
    }

    @ParameterizedTest(name = "gemini: {1}")
    @CsvSource(delimiter = '|', value = {
            "╭────╮\\n│ >   Type your message or @path/to/file │\\n╰────╯|IDLE",
            "⠇ Thinking... (esc to cancel, 3s)\\n│ >   Type your message or @path/to/file │|BUSY",
            "│ ? Shell  rm -rf build │\\n│ Allow execution of [Shell]? │\\n│ ● 1. Allow once │\\n│   2. Allow for this session │\\n│   3. No, suggest changes (esc) │|WAITING"})
    void geminiScreens(String screen, AgentStatus expected) {
        ScreenReading r = read("gemini", screen.replace("\\n", "\n"));
        assertThat(r.status()).isEqualTo(expected);
        if (expected == AgentStatus.WAITING) assertThat(r.waitingFor()).isEqualTo("rm -rf build");
        if (expected == AgentStatus.IDLE) assertThat(r.inputEmpty()).isTrue();
    }

    @Test
    void emptyScreenIsStartingAndUnknownTextIsUnknown() {
        assertThat(read("claude", "\n\n  \n").status()).isEqualTo(AgentStatus.STARTING);
        assertThat(read("claude", "Loading something\n").status()).isEqualTo(AgentStatus.UNKNOWN);
    }

    /** Claude Code 2.1.330: four options, a "Tip:" line under the header, the command framed by dashed rules. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"claude-2.1.330-waiting-bash.txt", "claude-2.1.330-waiting-bash-blink.txt"})
    void claude2330DialogNamesTheCommandNotTheTip(String file) {
        ScreenReading r = read("claude", fixture(file));
        assertThat(r.status()).isEqualTo(AgentStatus.WAITING);
        assertThat(r.generic()).isFalse();
        assertThat(r.waitingFor()).isEqualTo("rm -rf build");
    }

    /**
     * First-run and trust screens recorded from the real CLIs (and Claude Code 2.1.330 after a declined dialog): a
     * screen the profile cannot read, on which a menu or a secret box shows, is WAITING (generic rules), never IDLE
     * (a prompt would be typed into the menu) or UNKNOWN (nobody would be told).
     */
    @ParameterizedTest(name = "{0}: {1} reads as {2} {3} (generic rules: {4})")
    @CsvSource({
            "claude, claude-2.1.330-api-key.txt, WAITING, CHOICE_MENU, true",
            "claude, claude-2.1.330-trust-folder.txt, WAITING, CHOICE_MENU, false",
            "claude, claude-2.1.330-idle-auto-mode.txt, IDLE, NONE, false",
            "claude, claude-2.1.330-after-no.txt, IDLE, NONE, false",
            "claude, claude-2.1.330-after-esc.txt, FINISHED, NONE, false",
            "codex, codex-0.171.0-trust-folder.txt, WAITING, CHOICE_MENU, true",
            "codex, codex-0.171.0-startup-warnings.txt, WAITING, CHOICE_MENU, true",
            "codex, codex-0.171.0-idle-warning.txt, IDLE, NONE, false",
            "gemini, gemini-0.61.0-trust-folder.txt, WAITING, CHOICE_MENU, true",
            "gemini, gemini-0.61.0-auth-picker.txt, WAITING, CHOICE_MENU, true",
            "gemini, gemini-0.61.0-api-key-box.txt, WAITING, CREDENTIAL, true"})
    void firstRunScreensWaitForAPerson(String profile, String file, AgentStatus expected,
                                       io.aiswarm.master.PatternCategory category, boolean generic) {
        ScreenReading r = read(profile, fixture(file));
        assertThat(r.status()).as(r.toString()).isEqualTo(expected);
        assertThat(r.category()).isEqualTo(category);
        if (expected == AgentStatus.WAITING) {
            assertThat(r.generic()).isEqualTo(generic);
            // the menus are never approved by a policy: they are not the agent's permission dialog
            assertThat(PermissionPolicy.none().refusal(r, java.util.List.of())).isPresent();
        }
    }

    private static ScreenReading read(String profile, String screen) {
        return new AgentScreenReader(PROFILES.get(profile)).read(screen);
    }

    static String fixture(String name) {
        return AgentScreens.load(name);
    }
}
