package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStateException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RescuePolicyTest {
    private final WaitPatternDetector detector = WaitPatternDetector.defaults();

    private PolicyVerdict decide(RescuePolicy policy, String screen) {
        return policy.decide(detector.detect(screen));
    }

    private static RescuePolicy policy(Map<String, String> env) {
        return RescuePolicy.from(SwarmConfig.from("test", env));
    }

    @Test
    void defaultsAreEnabledThirtySecondsNotDryRunNoLists() {
        RescuePolicy p = policy(Map.of());
        assertThat(p.enabled()).isTrue();
        assertThat(p.cooling()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.dryRun()).isFalse();
        assertThat(p.allowList()).isEmpty();
        assertThat(p.blockList()).isEmpty();
        assertThat(p).isEqualTo(RescuePolicy.defaults());
    }

    @Test
    void readsEverySwitchFromTheEnvironment() {
        RescuePolicy p = policy(Map.of(RescuePolicy.ENV_ENABLED, "false", RescuePolicy.ENV_COOLING, "2.5",
                RescuePolicy.ENV_DRY_RUN, "yes", RescuePolicy.ENV_ALLOW, "continue", RescuePolicy.ENV_BLOCK, "deploy"));
        assertThat(p.enabled()).isFalse();
        assertThat(p.cooling()).isEqualTo(Duration.ofMillis(2500));
        assertThat(p.dryRun()).isTrue();
        assertThat(p.allowList()).hasValueSatisfying(r -> assertThat(r.pattern()).isEqualTo("continue"));
        assertThat(p.blockList()).hasValueSatisfying(r -> assertThat(r.pattern()).isEqualTo("deploy"));
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            AI_SWARM_AUTO_RESCUE_ALLOW    | (unclosed   | not a valid regular expression
            AI_SWARM_AUTO_RESCUE_BLOCK    | [a-         | not a valid regular expression
            AI_SWARM_AUTO_RESCUE_ENABLED  | maybe       | is not a boolean
            AI_SWARM_AUTO_RESCUE_DRY_RUN  | sometimes   | is not a boolean
            AI_SWARM_AUTO_RESCUE_COOLING  | soon        | is not a number of seconds
            AI_SWARM_AUTO_RESCUE_COOLING  | -5          | is not a number of seconds
            """)
    void aBadSettingIsAClearErrorNamingTheVariable(String name, String value, String message) {
        assertThatThrownBy(() -> policy(Map.of(name, value)))
                .isInstanceOf(SwarmStateException.class)
                .hasMessageStartingWith(name + "='" + value + "'")
                .hasMessageContaining(message);
    }

    @Test
    void sendsEnterOnlyToABarePressEnterPrompt() {
        PolicyVerdict v = decide(RescuePolicy.defaults(), Screens.load("exec-press-enter.txt"));
        assertThat(v.action()).isEqualTo(RescueAction.SEND_ENTER);
        assertThat(v.reason()).contains("bare press-enter");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Press ENTER to continue", "Press any key to continue . . .", "hit enter when ready",
            "[Press Enter to continue or Ctrl-C to abort]", "按回车继续", "回车继续...", "请按回车键继续…"})
    void barePausesGetEnter(String prompt) {
        assertThat(decide(RescuePolicy.defaults(), Screens.withOutputAbove(prompt)).action())
                .isEqualTo(RescueAction.SEND_ENTER);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Press Enter to accept the license agreement", "Press Enter to confirm",
            "Press Enter to install 3 packages", "Press enter to confirm or esc to cancel"})
    void aPressEnterPromptThatAsksForMoreRaisesHelp(String prompt) {
        PolicyVerdict v = decide(RescuePolicy.defaults(), Screens.withOutputAbove(prompt));
        assertThat(v.action()).isEqualTo(RescueAction.RAISE_HELP);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Continue? [y/n]", "Install these packages? [Y/n]", "Retry the download (y/n)?",
            "Are you sure you want to publish version 1.2?", "Please confirm:", "确定吗?",
            "Pick a template:\n❯ 1. minimal\n  2. library"})
    void questionsConfirmationsAndMenusRaiseHelpAndNeverAnswer(String prompt) {
        PolicyVerdict v = decide(RescuePolicy.defaults(), Screens.withOutputAbove(prompt));
        assertThat(v.action()).isEqualTo(RescueAction.RAISE_HELP);
        assertThat(v.reason()).contains("a person decides");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"claude-permission-rm.txt", "claude-permission-harmless.txt", "claude-create-file.txt",
            "claude-trust-folder.txt", "codex-approval-rm.txt", "codex-approval-harmless.txt",
            "gemini-approval-rm.txt", "gemini-apply-change.txt", "apt-upgrade.txt", "ssh-fingerprint.txt"})
    void agentDialogsAndRealQuestionsRaiseHelp(String screen) {
        assertThat(decide(RescuePolicy.defaults(), Screens.load(screen)).action()).isEqualTo(RescueAction.RAISE_HELP);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"delete the old release", "remove the cache", "rm -rf build", "rm -r old", "shred log",
            "format /dev/sdb", "mkfs.ext4 /dev/sdb1", "dd if=/dev/zero of=x", "overwrite settings",
            "DROP DATABASE shop", "drop table users", "drop index idx", "truncate orders", "kill 4242",
            "terminate worker", "sudo make install", "password needed", "passphrase needed", "token expired",
            "secret rotated", "ssh to the host", "add the key", "deploy to prod", "production rollout",
            "部署到生产环境", "删除文件"})
    void anyDangerousWordNearABarePauseBlocksTheEnter(String danger) {
        String screen = "about to " + danger + "\nchecking\nPress Enter to continue";
        PolicyVerdict v = decide(RescuePolicy.defaults(), screen);
        assertThat(v.action()).isEqualTo(RescueAction.RAISE_HELP);
        assertThat(v.reason()).startsWith("dangerous word").contains("never answered automatically");
    }

    @Test
    void blockListBlocksEveryAutomaticAction() {
        RescuePolicy p = policy(Map.of(RescuePolicy.ENV_BLOCK, "(?i)deploy"));
        PolicyVerdict v = decide(p, "about to deploy the site\nPress Enter to continue");
        assertThat(v.action()).isEqualTo(RescueAction.RAISE_HELP);
        assertThat(v.reason()).contains("blocked by config").contains(RescuePolicy.ENV_BLOCK);
        assertThat(decide(p, "tests passed\nPress Enter to continue").action()).isEqualTo(RescueAction.SEND_ENTER);
    }

    @Test
    void allowListLimitsEnterToMatchingPrompts() {
        RescuePolicy p = policy(Map.of(RescuePolicy.ENV_ALLOW, "to continue$"));
        assertThat(decide(p, "done\nPress Enter to continue").action()).isEqualTo(RescueAction.SEND_ENTER);
        PolicyVerdict missed = decide(p, "done\nPress any key");
        assertThat(missed.action()).isEqualTo(RescueAction.RAISE_HELP);
        assertThat(missed.reason()).contains("allow-list missed").contains(RescuePolicy.ENV_ALLOW);
    }

    @Test
    void disabledDecidesNothingButSaysWhatItWouldHaveDone() {
        RescuePolicy p = policy(Map.of(RescuePolicy.ENV_ENABLED, "0"));
        PolicyVerdict v = decide(p, "done\nPress Enter to continue");
        assertThat(v.action()).isEqualTo(RescueAction.NONE);
        assertThat(v.reason()).contains("disabled").contains("SEND_ENTER");
    }

    @Test
    void noPromptMeansNoAction() {
        PolicyVerdict v = decide(RescuePolicy.defaults(), Screens.load("claude-busy.txt"));
        assertThat(v.action()).isEqualTo(RescueAction.NONE);
        assertThat(v.reason()).contains("no prompt").contains("busy");
    }
}
