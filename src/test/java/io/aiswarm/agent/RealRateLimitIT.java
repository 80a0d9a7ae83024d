package io.aiswarm.agent;

import static io.aiswarm.agent.RealAgentHarness.W;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.agent.stub.StubReply;
import io.aiswarm.master.WorkerLimit;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real agent CLIs hitting their provider's limit: the loopback stub answers the turn with the provider's HTTP 429
 * (Anthropic's unified rate-limit headers, Gemini's RESOURCE_EXHAUSTED per-day quota), the CLI shows its own limit
 * screen, the worker is marked limited (not done, not idle), and after the backoff the turn is resumed and ends DONE
 * with the answer the model gives then. The backoff is cut to a few seconds for the test.
 */
class RealRateLimitIT {
    private static AgentProfile quickBackoff(AgentProfile p) {
        return p.withLimit(new LimitSpec(p.limit().prompt(), p.limit().dialogKeys(), 3));
    }

    @Test
    void claudeCodeShowsTheLimitIsMarkedLimitedAndIsResumedAfterTheBackoff() throws Exception {
        try (RealAgentHarness agent = RealAgentHarness.launched("claude", RealRateLimitIT::quickBackoff,
                Map.of("CLAUDE_CODE_MAX_RETRIES", "0"))) {
            limitedThenResumed(agent, "Hello after the limit");
        }
    }

    @Test
    void geminiCliShowsItsLimitDialogIsMarkedLimitedAndKeepsTryingAfterTheBackoff() throws Exception {
        try (RealAgentHarness agent = RealAgentHarness.launched("gemini", RealRateLimitIT::quickBackoff, Map.of())) {
            limitedThenResumed(agent, "Hello after the limit");
        }
    }

    private static void limitedThenResumed(RealAgentHarness agent, String answer) throws Exception {
        agent.stub.script(StubReply.rateLimited(Duration.ofHours(1)), StubReply.text(answer));
        agent.start("task-limit", "Say hello");
        StatusEvent limited = agent.watchUntil(e -> WorkerLimit.until(e.message()).isPresent(), Duration.ofSeconds(90));
        assertThat(limited.state()).isEqualTo(BroadcastState.START);
        assertThat(limited.taskId()).isEqualTo("task-limit");
        assertThat(WorkerLimit.until(limited.message()).get()).isAfter(Instant.now().minusSeconds(5));
        assertThat(agent.seen).noneMatch(e -> e.state() == BroadcastState.DONE);
        StatusEvent resumed = agent.watchUntil(e -> e.message().startsWith("working again: the usage limit reset"),
                Duration.ofSeconds(60));
        assertThat(resumed.taskId()).isEqualTo("task-limit");
        StatusEvent done = agent.watchUntil(e -> e.state() == BroadcastState.DONE, Duration.ofSeconds(90));
        assertThat(done.taskId()).isEqualTo("task-limit");
        assertThat(agent.terminal.capture(W)).contains(answer);
        // the agent's own hooks never called the limited turn done
        assertThat(agent.hookLines().stream().filter(e -> e.state() == BroadcastState.DONE)
                .filter(e -> e.ts().isBefore(resumed.ts()))).isEmpty();
    }
}
