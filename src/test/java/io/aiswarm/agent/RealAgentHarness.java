package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.agent.stub.ModelApiStub;
import io.aiswarm.master.AgentStatus;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.file.FileStatusLog;
import io.aiswarm.testing.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * One real agent CLI in a private tmux, talking to the loopback stub, with a home, a project (holding build/) and a
 * swarm dir of its own: seeded by its profile, hooks installed, prompts delivered and turns watched like the
 * master does. Closing kills the pane's whole process tree (a CLI's node process can outlive its tmux server).
 */
final class RealAgentHarness implements AutoCloseable {
    static final String W = "worker-0";
    final ModelApiStub stub = ModelApiStub.start();
    final TmuxServer tmux = new TmuxServer();
    final TmuxCliTerminal terminal = new TmuxCliTerminal(tmux);
    final List<StatusEvent> seen = new CopyOnWriteArrayList<>();
    final AgentProfile profile;
    final Path root;
    final Path home;
    final Path project;
    final Path swarm;
    final Map<String, String> env = new LinkedHashMap<>();
    private final Path executable;
    private AgentTaskMarker marker;
    private AgentTurnMonitor monitor;
    private long panePid = -1;
    private String agentLine;

    RealAgentHarness(String profileName, Path executable) throws Exception {
        this(profileName, executable, p -> p);
    }

    /** With the built-in profile changed by {@code tune} (e.g. a shorter limit backoff). */
    RealAgentHarness(String profileName, Path executable, java.util.function.UnaryOperator<AgentProfile> tune)
            throws Exception {
        this.profile = tune.apply(AgentProfiles.builtin().get(profileName));
        this.executable = executable;
        this.root = Files.createTempDirectory("real-" + profileName);
        this.home = Files.createDirectories(root.resolve("home"));
        this.project = Files.createDirectories(root.resolve("project"));
        this.swarm = Files.createDirectories(root.resolve("swarm"));
        Files.createDirectories(project.resolve("build"));
        Files.writeString(project.resolve("build/keep.txt"), "must survive");
        env.putAll(profile.env());
        env.put("HOME", home.toString());
        env.put("AI_SWARM_WORKER_ID", W);
        env.put("AI_SWARM_DIR", swarm.toString());
        env.put("PATH", executable.getParent() + ":" + System.getenv("PATH"));
    }

    static final String CLAUDE_KEY = "sk-ant-stub-0123456789abcdefghijklmnopqrstuvwxyz";

    /**
     * The named CLI (the test is skipped, saying why, when it is not installed) with its profile changed by
     * {@code tune}, pointed at the stub the way it needs (Claude Code and Gemini CLI by environment, Codex by a model
     * provider in its own home), {@code env} added, started, and ready for a prompt.
     */
    static RealAgentHarness launched(String name, java.util.function.UnaryOperator<AgentProfile> tune,
                                     Map<String, String> env) throws Exception {
        java.util.Optional<Path> cli = io.aiswarm.testing.AgentClis.find(name);
        org.junit.jupiter.api.Assumptions.assumeTrue(cli.isPresent(), io.aiswarm.testing.AgentClis.skipMessage(name));
        RealAgentHarness agent = new RealAgentHarness(name, cli.get(), tune);
        try {
            Path hookDir = agent.project;
            switch (name) {
                case "claude" -> {
                    agent.env.put("ANTHROPIC_API_KEY", CLAUDE_KEY);
                    agent.env.put("ANTHROPIC_BASE_URL", agent.stub.baseUrl().toString());
                }
                case "codex" -> {
                    hookDir = Files.createDirectories(agent.root.resolve("codex-home"));
                    // a custom provider pointing at the stub avoids any login
                    Files.writeString(hookDir.resolve("config.toml"), "model = \"gpt-5\"\nmodel_provider = \"stub\"\n\n"
                            + "[model_providers.stub]\nname = \"stub\"\nbase_url = \"" + agent.stub.baseUrl() + "/v1\"\n"
                            + "wire_api = \"responses\"\nenv_key = \"STUB_API_KEY\"\n");
                    agent.env.put("CODEX_HOME", hookDir.toString());
                    agent.env.put("STUB_API_KEY", "stub");
                }
                case "gemini" -> {
                    agent.env.put("GEMINI_API_KEY", "stub");
                    agent.env.put("GOOGLE_GEMINI_BASE_URL", agent.stub.baseUrl().toString());
                }
                default -> throw new IllegalArgumentException("no stub set-up for " + name);
            }
            agent.env.putAll(env);
            agent.launch(hookDir);
            return agent;
        } catch (Exception | Error e) {
            agent.close();
            throw e;
        }
    }

    /** Seeds with the harness's env, installs hooks into {@code hookDir}, starts the agent, waits for its prompt. */
    void launch(Path hookDir) {
        AgentSeeder.seed(profile, new Placeholders(project, home, null, env));
        AgentHooks.install(profile.name(), hookDir, swarm);
        List<String> argv = AgentLauncher.envWithoutHeadlessMarkers();
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add(executable.toString());
        argv.addAll(profile.command().subList(1, profile.command().size()));
        // an agent that exits keeps its pane, with its last screen and exit status, for the failure message
        // CI=true as on a CI runner (and in a tmux started from one): the launcher must keep agents interactive
        agentLine = "export CI=true GITHUB_ACTIONS=true; "
                + String.join(" ", argv.stream().map(HookScript::shellQuote).toList())
                + "; echo \"[agent exited with status $?]\"; sleep 600";
        tmux.run("new-session", "-d", "-s", W, "-x", "120", "-y", "45", "-c", project.toString(), agentLine);
        panePid = Long.parseLong(tmux.run("display-message", "-p", "-t", W, "#{pane_pid}").strip());
        marker = new AgentTaskMarker(swarm);
        StatusBroadcaster broadcaster = new StatusBroadcaster(new FileStatusLog(swarm.resolve("status.log")),
                Clock.systemUTC());
        monitor = new AgentTurnMonitor(profile, broadcaster, marker, PermissionPolicy.none(), terminal,
                Clock.systemUTC(), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String screen = terminal.capture(W);
            assertThat(screen).as("the agent exited").doesNotContain("[agent exited with status");
            return new AgentScreenReader(profile).read(screen).status() == AgentStatus.IDLE;
        });
    }

    /** Starts the agent again in its pane, as the swarm's restart does: the old process tree is gone first. */
    void restart() {
        ProcessHandle.of(panePid).ifPresent(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        tmux.run("respawn-pane", "-k", "-t", W, "-c", project.toString(), agentLine);
        panePid = Long.parseLong(tmux.run("display-message", "-p", "-t", W, "#{pane_pid}").strip());
    }

    /** Ends the previous task's conversation the way the swarm does before the next task. */
    ContextReset.Result reset(AgentProfile as, String previousPrompt) {
        return ContextReset.withDefaults(terminal, as, w -> restart(), Clock.systemUTC()).reset(W, previousPrompt);
    }

    void start(String taskId, String prompt) {
        marker.set(W, taskId);
        DeliveryResult r = PromptDelivery.withDefaults(terminal, profile).deliver(W, prompt);
        assertThat(r.delivered()).as(r.notes() + "\n" + terminal.capture(W)).isTrue();
        monitor.started(W, taskId, r.reason());
    }

    StatusEvent watchUntil(Predicate<StatusEvent> wanted, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                seen.addAll(monitor.observe(W, terminal.capture(W)));
                return seen.stream().anyMatch(wanted);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // a real CLI's screen is the only clue to why it did not get there
            throw new AssertionError("not seen within " + timeout + "; events so far: " + seen
                    + "\nthe pane now:\n" + terminal.capture(W), e);
        }
        return seen.stream().filter(wanted).findFirst().orElseThrow();
    }

    /** Keeps watching for a while (the swarm goes on reading the screen while nobody answers). */
    void keepWatching(Duration total) throws InterruptedException {
        long end = System.nanoTime() + total.toNanos();
        while (System.nanoTime() < end) {
            seen.addAll(monitor.observe(W, terminal.capture(W)));
            Thread.sleep(300); // the cadence of the swarm's screen reading, not a wait for anything
        }
    }

    List<StatusEvent> hookLines() throws Exception {
        Path log = swarm.resolve("status.log");
        if (!Files.exists(log)) return List.of();
        return Files.readAllLines(log).stream().map(StatusLines::parse).filter(Objects::nonNull)
                .filter(e -> "hook".equals(e.meta().get("source"))).toList();
    }

    ScreenReading read() {
        return new AgentScreenReader(profile).read(terminal.capture(W));
    }

    @Override
    public void close() throws Exception {
        List<ProcessHandle> agent = new ArrayList<>();
        if (panePid > 0) {
            ProcessHandle.of(panePid).ifPresent(p -> {
                p.descendants().forEach(agent::add);
                agent.add(p);
            });
        }
        agent.forEach(ProcessHandle::destroyForcibly);
        tmux.close();
        stub.close();
        // nothing of the agent writes into its home any more once its processes are gone
        for (ProcessHandle p : agent) {
            try {
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("agent process " + p.pid() + " did not end after SIGKILL", e);
            }
        }
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
