package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aiswarm.agent.stub.ModelApiStub;
import io.aiswarm.agent.stub.StubReply;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.FileStatusLog;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLines;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.tmux.AgentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Claude Code (npm @anthropic-ai/claude-code) in tmux, talking to the loopback model stub: seeded (no
 * first-run screens), hooks installed, prompts delivered and verified, a scripted {@code rm -rf build} raises HELP
 * and is never approved, a harmless task runs to DONE. Skipped with a message when Claude Code is not installed.
 */
class RealClaudeCodeTest {
    private static final String W = "worker-0";
    private static final String KEY = "sk-ant-stub-0123456789abcdefghijklmnopqrstuvwxyz";
    private Path tmp;
    private final ModelApiStub stub = ModelApiStub.start();
    private final TmuxServer tmux = new TmuxServer();
    private final TmuxCliTerminal terminal = new TmuxCliTerminal(tmux);
    private final List<StatusEvent> seen = new CopyOnWriteArrayList<>();
    private AgentProfile profile;
    private Path project;
    private Path swarm;
    private AgentTaskMarker marker;
    private AgentTurnMonitor monitor;

    @BeforeEach
    void launch() throws Exception {
        Optional<Path> claude = AgentClis.find("claude");
        assumeTrue(claude.isPresent(), AgentClis.skipMessage("claude"));
        profile = AgentProfiles.builtin().get("claude");
        tmp = Files.createTempDirectory("real-claude");
        Path home = Files.createDirectories(tmp.resolve("home"));
        project = Files.createDirectories(tmp.resolve("project"));
        Files.createDirectories(project.resolve("build"));
        Files.writeString(project.resolve("build/keep.txt"), "must survive");
        swarm = Files.createDirectories(tmp.resolve("swarm"));
        AgentSeeder.seed(profile, new Placeholders(project, home, null, Map.of("ANTHROPIC_API_KEY", KEY)));
        AgentHooks.install("claude", project, swarm);

        Map<String, String> env = new LinkedHashMap<>(profile.env());
        env.put("HOME", home.toString());
        env.put("ANTHROPIC_API_KEY", KEY);
        env.put("ANTHROPIC_BASE_URL", stub.baseUrl().toString());
        env.put("AI_SWARM_WORKER_ID", W);
        env.put("AI_SWARM_DIR", swarm.toString());
        env.put("PATH", claude.get().getParent() + ":" + System.getenv("PATH"));
        List<String> argv = new ArrayList<>(List.of("env"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add(claude.get().toString());
        argv.addAll(profile.command().subList(1, profile.command().size()));
        List<String> tmuxArgs = new ArrayList<>(List.of("new-session", "-d", "-s", W, "-x", "120", "-y", "45", "-c",
                project.toString()));
        tmuxArgs.add(String.join(" ", argv.stream().map(HookScript::shellQuote).toList()));
        tmux.run(tmuxArgs.toArray(String[]::new));

        marker = new AgentTaskMarker(swarm);
        StatusBroadcaster broadcaster = new StatusBroadcaster(new FileStatusLog(swarm.resolve("status.log")),
                Clock.systemUTC());
        monitor = new AgentTurnMonitor(profile, broadcaster, marker, PermissionPolicy.none(), terminal,
                Clock.systemUTC(), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> read().status() == AgentStatus.IDLE);
    }

    @AfterEach
    void close() throws Exception {
        tmux.close();
        stub.close();
        // the agent may still write its session files while it exits: best effort, a few tries
        for (int i = 0; tmp != null && i < 10 && Files.exists(tmp); i++) {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            if (Files.exists(tmp)) Thread.sleep(300);
        }
    }

    @Test
    void dangerousToolCallRaisesHelpWithTheCommandAndIsNeverApproved() throws Exception {
        stub.script(StubReply.bash("rm -rf build"));
        start("task-rm", "Please clean the build directory");
        StatusEvent help = watchUntil(e -> e.state() == BroadcastState.HELP, Duration.ofSeconds(60));
        assertThat(help.taskId()).isEqualTo("task-rm");
        assertThat(help.meta()).containsEntry("waiting_for", "rm -rf build");
        // Claude Code's own Notification hook reports the dialog a few seconds later
        await().atMost(Duration.ofSeconds(30)).until(() -> hookLines().stream()
                .anyMatch(e -> e.state() == BroadcastState.WAIT && e.taskId().equals("task-rm")));
        for (int i = 0; i < 10; i++) {
            seen.addAll(monitor.observe(W, terminal.capture(W)));
            Thread.sleep(300);
        }
        assertThat(read().status()).isEqualTo(AgentStatus.WAITING);
        assertThat(Files.exists(project.resolve("build/keep.txt"))).isTrue();
        assertThat(seen).filteredOn(e -> e.state() == BroadcastState.HELP).hasSize(1);
        assertThat(stub.agentTurns()).noneMatch(r -> r.body().toString().contains("tool_result"));

        terminal.sendKey(W, "Escape"); // a person declines
        StatusEvent done = watchUntil(e -> e.state() == BroadcastState.DONE, Duration.ofSeconds(30));
        assertThat(done.meta()).containsEntry("interrupted", true);
        assertThat(Files.exists(project.resolve("build/keep.txt"))).isTrue();
    }

    @Test
    void harmlessTaskRunsToDoneReportedByTheStopHookAndTheScreen() throws Exception {
        stub.script(StubReply.text("Hello from the stub").after(Duration.ofSeconds(2)));
        start("task-hi", "Say hello");
        StatusEvent done = watchUntil(e -> e.state() == BroadcastState.DONE, Duration.ofSeconds(60));
        assertThat(done.taskId()).isEqualTo("task-hi");
        assertThat(done.message()).contains("for");
        await().atMost(Duration.ofSeconds(20)).until(() -> hookLines().stream()
                .anyMatch(e -> e.state() == BroadcastState.DONE && e.taskId().equals("task-hi")));
        assertThat(hookLines()).anyMatch(e -> e.state() == BroadcastState.START && e.taskId().equals("task-hi"));
        assertThat(stub.agentTurns()).anyMatch(r -> r.lastUserText().contains("Say hello"));
        assertThat(terminal.capture(W)).contains("Hello from the stub");
    }

    private void start(String taskId, String prompt) {
        marker.set(W, taskId);
        DeliveryResult r = PromptDelivery.withDefaults(terminal, profile).deliver(W, prompt);
        assertThat(r.delivered()).as(r.notes() + "\n" + terminal.capture(W)).isTrue();
        monitor.started(W, taskId);
    }

    private StatusEvent watchUntil(Predicate<StatusEvent> wanted, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            seen.addAll(monitor.observe(W, terminal.capture(W)));
            return seen.stream().anyMatch(wanted);
        });
        return seen.stream().filter(wanted).findFirst().orElseThrow();
    }

    private List<StatusEvent> hookLines() throws Exception {
        Path log = swarm.resolve("status.log");
        if (!Files.exists(log)) return List.of();
        return Files.readAllLines(log).stream().map(StatusLines::parse).filter(Objects::nonNull)
                .filter(e -> "hook".equals(e.meta().get("source"))).toList();
    }

    private ScreenReading read() {
        return new AgentScreenReader(profile).read(terminal.capture(W));
    }
}
