package io.aiswarm.agent;

import static io.aiswarm.agent.RealAgentHarness.W;
import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.agent.stub.RecordedRequest;
import io.aiswarm.state.BroadcastState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker's next task must not inherit the previous task's conversation, with the real CLIs against the stub: after
 * a first task, the profile's clear command (Claude Code and Gemini CLI {@code /clear}, Codex {@code /new}) brings a
 * fresh screen, and the model request of the next task holds none of the first task's words; the same after a
 * restart. Prints what each took (clear vs restart) with the machine's load.
 */
class RealContextResetIT {
    private static final String SECRET = "PELICAN-4711";

    @Test
    void claudeCode() throws Exception {
        try (RealAgentHarness agent = RealAgentHarness.launched("claude", p -> p, Map.of())) {
            clearThenRestart(agent);
        }
    }

    @Test
    void codex() throws Exception {
        try (RealAgentHarness agent = RealAgentHarness.launched("codex", p -> p, Map.of())) {
            clearThenRestart(agent);
        }
    }

    @Test
    void geminiCli() throws Exception {
        try (RealAgentHarness agent = RealAgentHarness.launched("gemini", p -> p, Map.of())) {
            clearThenRestart(agent);
        }
    }

    private static void clearThenRestart(RealAgentHarness agent) throws Exception {
        String first = "Remember the code word " + SECRET + " for later";
        runTask(agent, "task-1", first);

        ContextReset.Result cleared = agent.reset(agent.profile, first);
        assertThat(cleared.fresh()).as(cleared.how() + "\n" + agent.terminal.capture(W)).isTrue();
        assertThat(cleared.how()).isEqualTo("cleared with '" + agent.profile.clear() + "'");
        assertThat(agent.terminal.capture(W)).doesNotContain(SECRET);
        String second = "Which code word did I give you?"; // Gemini CLI drops a typed "?": prompts go in pasted
        runTask(agent, "task-2", second);
        assertThat(turnWith(agent, second)).doesNotContain(SECRET);

        ContextReset.Result restarted = agent.reset(agent.profile.withClear(""), second);
        assertThat(restarted.fresh()).as(restarted.how() + "\n" + agent.terminal.capture(W)).isTrue();
        assertThat(restarted.how()).startsWith("restarted");
        String third = "Say hello once more";
        runTask(agent, "task-3", third);
        assertThat(turnWith(agent, third)).doesNotContain(SECRET).doesNotContain(second);

        System.out.printf("context reset %s: clear %d ms, restart %d ms (load average %.1f, %d cores)%n",
                agent.profile.name(), cleared.took().toMillis(), restarted.took().toMillis(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    private static void runTask(RealAgentHarness agent, String taskId, String prompt) {
        agent.start(taskId, prompt);
        agent.watchUntil(e -> e.state() == BroadcastState.DONE && taskId.equals(e.taskId()), Duration.ofSeconds(90));
    }

    /** The body of the agent turn that carried {@code prompt}. */
    private static String turnWith(RealAgentHarness agent, String prompt) {
        List<RecordedRequest> turns = agent.stub.requests();
        return turns.stream().filter(r -> r.body().toString().contains(prompt)).reduce((a, b) -> b)
                .map(r -> r.body().toString()).orElseThrow(() -> new AssertionError("no model request with '" + prompt
                        + "' among " + turns.stream().map(r -> r.path() + (r.scripted() ? " [turn]" : "")).toList()
                        + "\nthe pane now:\n" + agent.terminal.capture(W)));
    }
}
