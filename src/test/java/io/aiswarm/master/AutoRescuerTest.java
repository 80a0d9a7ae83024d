package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoRescuerTest {
    private static final String PAUSE = "[1/3] compiling\n[2/3] linking\nPress Enter to continue\n";

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    private Path logFile;

    @BeforeEach
    void setUp() {
        logFile = dir.resolve("rescue-decisions.jsonl");
    }

    private AutoRescuer rescuer(Map<String, String> env) {
        return new AutoRescuer(WaitPatternDetector.defaults(), RescuePolicy.from(SwarmConfig.from("t", env)),
                new RescueDecisionLog(logFile), clock);
    }

    private List<JsonNode> logLines() throws IOException {
        if (!Files.exists(logFile)) return List.of();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(logFile)) lines.add(json.readTree(line));
        return lines;
    }

    @Test
    void sendsEnterToABarePauseAndLogsTheDecision() throws IOException {
        RescueDecision d = rescuer(Map.of()).inspect("worker-1", PAUSE);
        assertThat(d.action()).isEqualTo(RescueAction.SEND_ENTER);
        assertThat(d.shouldExecute()).isTrue();
        assertThat(d.category()).isEqualTo(PatternCategory.PRESS_ENTER);
        assertThat(d.patternName()).isEqualTo("press-enter");
        assertThat(d.matchedLine()).isEqualTo("Press Enter to continue");
        assertThat(d.ts()).isEqualTo(clock.instant());

        List<JsonNode> log = logLines();
        assertThat(log).hasSize(1);
        JsonNode line = log.get(0);
        assertThat(line.get("ts").asText()).isEqualTo("2026-01-31T12:00:00.000Z");
        assertThat(line.get("worker_id").asText()).isEqualTo("worker-1");
        assertThat(line.get("category").asText()).isEqualTo("PRESS_ENTER");
        assertThat(line.get("pattern").asText()).isEqualTo("press-enter");
        assertThat(line.get("matched_line").asText()).isEqualTo("Press Enter to continue");
        assertThat(line.get("action").asText()).isEqualTo("SEND_ENTER");
        assertThat(line.get("reason").asText()).contains("bare press-enter");
        assertThat(line.get("dry_run").asBoolean()).isFalse();
        assertThat(line.get("prompt_id").asText()).matches("[0-9a-f]{1,16}");
    }

    @Test
    void theSamePromptNeverFiresAgainEvenAfterTheCooldown() throws IOException {
        AutoRescuer r = rescuer(Map.of());
        assertThat(r.inspect("worker-1", PAUSE).action()).isEqualTo(RescueAction.SEND_ENTER);
        clock.advance(Duration.ofSeconds(5));
        // The Enter echoed a blank line: the same prompt, no new output.
        assertThat(r.inspect("worker-1", PAUSE + "\n").action()).isEqualTo(RescueAction.NONE);
        clock.advance(Duration.ofMinutes(10));
        RescueDecision later = r.inspect("worker-1", PAUSE + "\n");
        assertThat(later.action()).isEqualTo(RescueAction.NONE);
        assertThat(later.reason()).contains("same prompt as decided at 2026-01-31T12:00:00.000Z");
        assertThat(logLines()).hasSize(1);
    }

    @Test
    void aHelpIsRaisedOncePerPrompt() throws IOException {
        AutoRescuer r = rescuer(Map.of());
        String screen = Screens.load("claude-permission-rm.txt");
        RescueDecision first = r.inspect("worker-2", screen);
        assertThat(first.action()).isEqualTo(RescueAction.RAISE_HELP);
        assertThat(first.category()).isEqualTo(PatternCategory.CHOICE_MENU);
        assertThat(first.reason()).contains("dangerous word");
        clock.advance(Duration.ofMinutes(5));
        assertThat(r.inspect("worker-2", screen).action()).isEqualTo(RescueAction.NONE);
        assertThat(logLines()).extracting(n -> n.get("action").asText()).containsExactly("RAISE_HELP");
    }

    @Test
    void aNewIdenticalLookingPromptAfterNewOutputFiresOnceTheCooldownIsOver() throws IOException {
        AutoRescuer r = rescuer(Map.of(RescuePolicy.ENV_COOLING, "30"));
        assertThat(r.inspect("worker-1", PAUSE).action()).isEqualTo(RescueAction.SEND_ENTER);

        String next = PAUSE + "\n[3/3] packaging\nPress Enter to continue\n";
        clock.advance(Duration.ofSeconds(10));
        RescueDecision cooling = r.inspect("worker-1", next);
        assertThat(cooling.action()).isEqualTo(RescueAction.NONE);
        assertThat(cooling.reason()).contains("cooling down").contains("20 s left");
        clock.advance(Duration.ofSeconds(10));
        assertThat(r.inspect("worker-1", next).action()).isEqualTo(RescueAction.NONE); // still cooling, not re-logged

        clock.advance(Duration.ofSeconds(10));
        RescueDecision fired = r.inspect("worker-1", next);
        assertThat(fired.action()).isEqualTo(RescueAction.SEND_ENTER);
        assertThat(logLines()).extracting(n -> n.get("action").asText())
                .containsExactly("SEND_ENTER", "NONE", "SEND_ENTER");
        assertThat(logLines().get(1).get("reason").asText()).contains("cooling down");
    }

    @Test
    void theCooldownIsPerPane() {
        AutoRescuer r = rescuer(Map.of());
        assertThat(r.inspect("worker-1", PAUSE).action()).isEqualTo(RescueAction.SEND_ENTER);
        assertThat(r.inspect("worker-2", PAUSE).action()).isEqualTo(RescueAction.SEND_ENTER);
    }

    @Test
    void aHelpIsNotHeldBackByTheCooldownOfAnEarlierEnter() {
        AutoRescuer r = rescuer(Map.of());
        assertThat(r.inspect("worker-1", PAUSE).action()).isEqualTo(RescueAction.SEND_ENTER);
        clock.advance(Duration.ofSeconds(1));
        RescueDecision d = r.inspect("worker-1", PAUSE + "\nWipe the cache too? [y/N] ");
        assertThat(d.action()).isEqualTo(RescueAction.RAISE_HELP);
        assertThat(d.category()).isEqualTo(PatternCategory.INTERACTIVE_CONFIRM);
    }

    @Test
    void forgettingAPaneMakesItsNextPromptNew() {
        AutoRescuer r = rescuer(Map.of(RescuePolicy.ENV_COOLING, "0"));
        assertThat(r.inspect("worker-1", PAUSE).action()).isEqualTo(RescueAction.SEND_ENTER);
        r.forget("worker-1");
        assertThat(r.inspect("worker-1", PAUSE).action()).isEqualTo(RescueAction.SEND_ENTER);
    }

    @Test
    void dryRunSaysWhatItWouldDoAndIsNotToBeExecuted() throws IOException {
        AutoRescuer r = rescuer(Map.of(RescuePolicy.ENV_DRY_RUN, "true"));
        RescueDecision d = r.inspect("worker-1", PAUSE);
        assertThat(d.action()).isEqualTo(RescueAction.SEND_ENTER);
        assertThat(d.dryRun()).isTrue();
        assertThat(d.shouldExecute()).isFalse();
        assertThat(d.reason()).startsWith("dry run").contains("would send Enter");
        assertThat(logLines().get(0).get("dry_run").asBoolean()).isTrue();
        assertThat(r.inspect("worker-1", PAUSE).action()).isEqualTo(RescueAction.NONE);
    }

    @Test
    void disabledDoesNothingAndLogsOnce() throws IOException {
        AutoRescuer r = rescuer(Map.of(RescuePolicy.ENV_ENABLED, "false"));
        RescueDecision d = r.inspect("worker-1", PAUSE);
        assertThat(d.action()).isEqualTo(RescueAction.NONE);
        assertThat(d.shouldExecute()).isFalse();
        assertThat(d.reason()).contains("disabled");
        r.inspect("worker-1", PAUSE);
        assertThat(logLines()).hasSize(1);
    }

    @Test
    void allowAndBlockListsApply() {
        AutoRescuer r = rescuer(Map.of(RescuePolicy.ENV_ALLOW, "continue", RescuePolicy.ENV_BLOCK, "staging"));
        assertThat(r.inspect("worker-1", PAUSE).action()).isEqualTo(RescueAction.SEND_ENTER);
        RescueDecision missed = r.inspect("worker-2", "done\nPress any key\n");
        assertThat(missed.action()).isEqualTo(RescueAction.RAISE_HELP);
        assertThat(missed.reason()).contains("allow-list missed");
        RescueDecision blocked = r.inspect("worker-3", "deploying to staging\nPress Enter to continue\n");
        assertThat(blocked.action()).isEqualTo(RescueAction.RAISE_HELP);
        assertThat(blocked.reason()).contains("blocked by config");
    }

    @Test
    void theMastersOwnWindowIsNeverRescued() throws IOException {
        RescueDecision d = rescuer(Map.of()).inspect(AutoRescuer.MASTER_WINDOW, PAUSE);
        assertThat(d.action()).isEqualTo(RescueAction.NONE);
        assertThat(d.reason()).contains("master");
        assertThat(logLines()).isEmpty();
    }

    @Test
    void aScreenWithNothingWaitingIsNotLogged() throws IOException {
        AutoRescuer r = rescuer(Map.of());
        assertThat(r.inspect("worker-1", Screens.load("claude-busy.txt")).action()).isEqualTo(RescueAction.NONE);
        assertThat(r.inspect("worker-1", Screens.load("claude-idle.txt")).action()).isEqualTo(RescueAction.NONE);
        assertThat(logLines()).isEmpty();
    }

    @Test
    void everyDecisionAboutAPromptIsOneLogLine() throws IOException {
        AutoRescuer r = rescuer(Map.of());
        r.inspect("worker-0", PAUSE);
        r.inspect("worker-1", Screens.load("codex-approval-harmless.txt"));
        r.inspect("worker-2", Screens.load("gemini-approval-rm.txt"));
        r.inspect("worker-3", "Proceed? [y/N] ");
        assertThat(logLines()).extracting(n -> n.get("worker_id").asText() + ":" + n.get("category").asText() + ":"
                        + n.get("action").asText())
                .containsExactly("worker-0:PRESS_ENTER:SEND_ENTER", "worker-1:CHOICE_MENU:RAISE_HELP",
                        "worker-2:CHOICE_MENU:RAISE_HELP", "worker-3:INTERACTIVE_CONFIRM:RAISE_HELP");
    }

    @Test
    void aRestartedRescuerRemembersWhatTheLogSaysWasDecided() throws IOException {
        SwarmConfig config = SwarmConfig.from("t", Map.of("AI_SWARM_DIR", dir.toString()));
        String dialog = Screens.load("claude-permission-harmless.txt");
        AutoRescuer first = AutoRescuer.create(config, config.paths().decisionsLog(), clock);
        assertThat(first.inspect("worker-1", PAUSE).action()).isEqualTo(RescueAction.SEND_ENTER);
        assertThat(first.inspect("worker-2", dialog).action()).isEqualTo(RescueAction.RAISE_HELP);
        Files.writeString(logFile, "{\"torn line after a crash", java.nio.file.StandardOpenOption.APPEND);

        clock.advance(Duration.ofSeconds(5));
        AutoRescuer restarted = AutoRescuer.create(config, config.paths().decisionsLog(), clock);
        assertThat(restarted.inspect("worker-1", PAUSE).action()).isEqualTo(RescueAction.NONE);
        assertThat(restarted.inspect("worker-2", dialog).action()).isEqualTo(RescueAction.NONE);
        RescueDecision next = restarted.inspect("worker-1", PAUSE + "[3/3] packaging\nPress Enter to continue\n");
        assertThat(next.reason()).contains("cooling down"); // the cooldown survives the restart too
        assertThat(restarted.inspect("worker-3", PAUSE).action()).isEqualTo(RescueAction.SEND_ENTER);
        List<String> lines = Files.readAllLines(logFile);
        assertThat(lines.get(2)).isEqualTo("{\"torn line after a crash");
        assertThat(new ObjectMapper().readTree(lines.get(3)).get("reason").asText()).contains("cooling down");
    }

    @Test
    void createUsesTheSwarmsDecisionLogAndSettings() throws IOException {
        SwarmConfig config = SwarmConfig.from("t", Map.of("AI_SWARM_DIR", dir.toString(),
                RescuePolicy.ENV_DRY_RUN, "1"));
        AutoRescuer r = AutoRescuer.create(config, config.paths().decisionsLog(), clock);
        assertThat(r.policy().dryRun()).isTrue();
        r.inspect("worker-0", PAUSE);
        assertThat(config.paths().decisionsLog()).isEqualTo(logFile);
        assertThat(logLines()).hasSize(1);
    }
}
