package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.master.AgentStatus;
import io.aiswarm.master.PaneTerminal;
import io.aiswarm.master.WorkerLimit;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.file.FileStatusLog;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rate limits on the screens Claude Code, Codex and Gemini CLI really showed when the loopback stub answered their
 * turn with the provider's HTTP 429 (recorded): the screen reads LIMITED, the worker is marked limited until the time
 * named (or a backoff), and at that time the turn is resumed; the clock is the test's.
 */
class AgentLimitTest {
    private static final String W = "worker-0";
    @TempDir
    Path tmp;
    // the Codex screen was recorded at 13:14 UTC and says "try again at 2:14 PM"
    private final MutableClock clock = MutableClock.at("2026-12-01T13:14:05Z");
    private final List<String> typed = new ArrayList<>();
    private StatusBroadcaster broadcaster;
    private AgentTaskMarker marker;

    record Limited(String agent, String screen, String resets, Duration waits, List<String> resume) {
        @Override
        public String toString() {
            return agent;
        }
    }

    static Stream<Limited> limits() {
        return Stream.of(
                new Limited("claude", AgentScreens.load("claude-2.1.197-rate-limited.txt"), "", Duration.ofSeconds(60),
                        List.of("text:continue", "key:Enter")),
                new Limited("codex", AgentScreens.load("codex-0.171.0-rate-limited.txt"), "2:14 PM",
                        Duration.ofMinutes(60).minusSeconds(5).plus(AgentTurnMonitor.RESET_MARGIN),
                        List.of("text:continue", "key:Enter")),
                new Limited("gemini", AgentScreens.load("gemini-0.61.0-rate-limited.txt"), "", Duration.ofSeconds(60),
                        List.of("key:1")));
    }

    @BeforeEach
    void open() {
        broadcaster = new StatusBroadcaster(new FileStatusLog(tmp.resolve("status.log")), clock);
        marker = new AgentTaskMarker(tmp);
    }

    private AgentTurnMonitor started(String agent, String taskId) {
        PaneTerminal recording = new PaneTerminal() {
            @Override
            public String capture(String workerId) {
                throw new UnsupportedOperationException("the monitor is given screens");
            }

            @Override
            public void sendText(String workerId, String text) {
                typed.add("text:" + text);
            }

            @Override
            public void sendKey(String workerId, String key) {
                typed.add("key:" + key);
            }

            @Override
            public void paste(String workerId, String text) {
                throw new AssertionError("the monitor never pastes");
            }
        };
        AgentTurnMonitor monitor = new AgentTurnMonitor(AgentProfiles.builtin().get(agent), broadcaster, marker,
                PermissionPolicy.none(), recording, clock, Duration.ofSeconds(2));
        marker.set(W, taskId);
        monitor.started(W, taskId, "test");
        return monitor;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void theLimitScreenReadsLimitedWithTheResetTimeItNames(Limited l) {
        ScreenReading r = new AgentScreenReader(AgentProfiles.builtin().get(l.agent())).read(l.screen());
        assertThat(r.status()).isEqualTo(AgentStatus.LIMITED);
        assertThat(r.waitingFor()).isEqualTo(l.resets());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void aLimitedAgentTakesNoPrompt(Limited l) {
        PaneTerminal showing = new ForwardingTerminal(null) {
            @Override
            public String capture(String workerId) {
                return l.screen();
            }
        };
        PromptDelivery delivery = PromptDelivery.withDefaults(showing, AgentProfiles.builtin().get(l.agent()));
        assertThat(delivery.readyNow(W)).isFalse(); // the dispatcher passes it over
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void aLimitedWorkerWaitsUntilTheResetThenItsTurnIsResumedAndEndsDone(Limited l) {
        AgentTurnMonitor monitor = started(l.agent(), "task-7");
        Instant hit = clock.instant();
        List<StatusEvent> out = monitor.observe(W, l.screen());
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(BroadcastState.START); // still running: not done, not idle
            assertThat(e.taskId()).isEqualTo("task-7");
            assertThat(WorkerLimit.until(e.message())).contains(hit.plus(l.waits()));
            assertThat(e.meta()).containsEntry("limited_until", hit.plus(l.waits()).toString());
        });
        assertThat(monitor.limitedUntil(W)).contains(hit.plus(l.waits()));
        // the screen stays as it is until the reset: no DONE, nothing typed, no second line
        for (int i = 0; i < 10; i++) {
            clock.advance(l.waits().dividedBy(11));
            assertThat(monitor.observe(W, l.screen())).isEmpty();
        }
        assertThat(typed).isEmpty();
        clock.set(hit.plus(l.waits()));
        assertThat(monitor.observe(W, l.screen())).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(BroadcastState.START);
            assertThat(e.message()).startsWith("working again: the usage limit reset");
            assertThat(WorkerLimit.until(e.message())).isEmpty();
        });
        clock.advance(Duration.ofSeconds(1));
        monitor.observe(W, l.screen()); // Enter follows the typed prompt after the profile's pause
        assertThat(typed).isEqualTo(l.resume());
        assertThat(monitor.limitedUntil(W)).isEmpty();
        // the limit line still in view right after the resume is not a new limit
        clock.advance(Duration.ofSeconds(1));
        assertThat(monitor.observe(W, l.screen())).isEmpty();
        AgentScreens.Turn turn = AgentScreens.TURNS.get(l.agent());
        monitor.observe(W, turn.busy());
        clock.advance(Duration.ofSeconds(1));
        monitor.observe(W, turn.end());
        clock.advance(Duration.ofSeconds(3));
        assertThat(monitor.observe(W, turn.end())).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(BroadcastState.DONE));
    }

    @Test
    void aLimitHitAgainAfterAResumeBacksOffLongerAndAStaleLimitLineCountsAfterTheGrace() {
        String screen = AgentScreens.load("claude-2.1.197-rate-limited.txt");
        AgentTurnMonitor monitor = started("claude", "task-8");
        monitor.observe(W, screen);
        clock.advance(Duration.ofSeconds(60));
        monitor.observe(W, screen); // resumed
        clock.advance(AgentTurnMonitor.RESUME_GRACE);
        Instant again = clock.instant();
        List<StatusEvent> out = monitor.observe(W, screen);
        assertThat(out).singleElement().satisfies(e ->
                assertThat(WorkerLimit.until(e.message())).contains(again.plusSeconds(120)));
    }

    @Test
    void aPromptSubmittedBelowTheLimitLineMakesItHistory() {
        AgentProfile codex = AgentProfiles.builtin().get("codex");
        String limited = AgentScreens.load("codex-0.171.0-rate-limited.txt");
        // what Codex shows once "continue" was taken and answered: the old limit line above the new echo
        String after = limited.replace("› Ask Codex to do anything",
                "› continue\n\n• Hello from the stub\n\n─ Worked for 1s ─\n\n› Ask Codex to do anything");
        assertThat(new AgentScreenReader(codex).read(after).status()).isEqualTo(AgentStatus.FINISHED);
    }

    @Test
    void resetTimesInTheCliWordings() {
        Instant now = Instant.parse("2026-12-01T13:14:05Z");
        assertThat(ResetTime.parse("2:14 PM", now, ZoneOffset.UTC)).contains(Instant.parse("2026-12-01T14:14:00Z"));
        assertThat(ResetTime.parse("1:00 PM", now, ZoneOffset.UTC)).contains(Instant.parse("2026-12-02T13:00:00Z"));
        assertThat(ResetTime.parse("3pm (Europe/Paris)", now, ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-01T14:00:00Z"));
        assertThat(ResetTime.parse("Dec 3, 2pm (UTC)", now, ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-03T14:00:00Z"));
        assertThat(ResetTime.parse("2:30 PM UTC", now, ZoneOffset.ofHours(5)))
                .contains(Instant.parse("2026-12-01T14:30:00Z"));
        assertThat(ResetTime.parse("in 4h 3m", now, ZoneOffset.UTC)).contains(now.plusSeconds(4 * 3600 + 180));
        assertThat(ResetTime.parse("1764600000", now, ZoneOffset.UTC)).contains(Instant.ofEpochSecond(1764600000));
        assertThat(ResetTime.parse("soon", now, ZoneOffset.UTC)).isEmpty();
        assertThat(ResetTime.parse("", now, ZoneOffset.UTC)).isEmpty();
    }
}
