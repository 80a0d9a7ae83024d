package io.aiswarm.agent;

import static io.aiswarm.agent.RealAgentHarness.W;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aiswarm.agent.stub.RecordedRequest;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.testing.AgentClis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A worker's next task must not inherit the previous task's conversation, with the real CLIs against the stub: after
 * a first task, the profile's clear command (Claude Code and Gemini CLI {@code /clear}, Codex {@code /new}) brings a
 * fresh screen, and the model request of the next task holds none of the first task's words; the same after a
 * restart. Prints what each took (clear vs restart) with the machine's load.
 */
class RealContextResetIT {
    private static final String SECRET = "PELICAN-4711";

    private static AgentProfile withoutClear(AgentProfile p) {
        return new AgentProfile(p.name(), p.description(), p.command(), p.env(), p.submit(), p.screen(), p.seed(),
                p.approveKeys(), p.answer(), p.source(), "", p.limit());
    }

    @Test
    void claudeCode() throws Exception {
        Optional<Path> claude = AgentClis.find("claude");
        assumeTrue(claude.isPresent(), AgentClis.skipMessage("claude"));
        try (RealAgentHarness agent = new RealAgentHarness("claude", claude.get())) {
            agent.env.put("ANTHROPIC_API_KEY", "sk-ant-stub-0123456789abcdefghijklmnopqrstuvwxyz");
            agent.env.put("ANTHROPIC_BASE_URL", agent.stub.baseUrl().toString());
            agent.launch(agent.project);
            clearThenRestart(agent);
        }
    }

    @Test
    void codex() throws Exception {
        Optional<Path> codex = AgentClis.find("codex");
        assumeTrue(codex.isPresent(), AgentClis.skipMessage("codex"));
        try (RealAgentHarness agent = new RealAgentHarness("codex", codex.get())) {
            Path codexHome = Files.createDirectories(agent.root.resolve("codex-home"));
            Files.writeString(codexHome.resolve("config.toml"), "model = \"gpt-5\"\nmodel_provider = \"stub\"\n\n"
                    + "[model_providers.stub]\nname = \"stub\"\nbase_url = \"" + agent.stub.baseUrl() + "/v1\"\n"
                    + "wire_api = \"responses\"\nenv_key = \"STUB_API_KEY\"\n");
            agent.env.put("CODEX_HOME", codexHome.toString());
            agent.env.put("STUB_API_KEY", "stub");
            agent.launch(codexHome);
            clearThenRestart(agent);
        }
    }

    @Test
    void geminiCli() throws Exception {
        Optional<Path> gemini = AgentClis.find("gemini");
        assumeTrue(gemini.isPresent(), AgentClis.skipMessage("gemini"));
        try (RealAgentHarness agent = new RealAgentHarness("gemini", gemini.get())) {
            agent.env.put("GEMINI_API_KEY", "stub");
            agent.env.put("GOOGLE_GEMINI_BASE_URL", agent.stub.baseUrl().toString());
            agent.launch(agent.project);
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

        ContextReset.Result restarted = agent.reset(withoutClear(agent.profile), second);
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
