package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aiswarm.master.AgentStatus;
import io.aiswarm.master.MasterListener;
import io.aiswarm.master.SwarmMaster;
import io.aiswarm.master.TmuxWorkerPanes;
import io.aiswarm.master.SwarmSession;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.RunningMaster;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `swarm up --agent sim` on a private tmux server, then prompts delivered through the control-mode client. */
class AgentSwarmUpIT {
    @TempDir
    Path tmp;
    private final TmuxServer server = new TmuxServer();

    @AfterEach
    void stop() {
        server.close();
    }

    /** The master as `swarm master` wires it for agent workers (delivery, the monitor on its captures), on a thread. */
    private static RunningMaster agentMaster(SwarmConfig config, FileSwarmStore state, TmuxSwarmManager tmux,
                                             AgentWorkers agents, List<String> told) {
        return RunningMaster.start(SwarmMaster.builder(config, Clock.systemUTC()).store(state)
                .panes(new TmuxWorkerPanes(tmux)).sender(agents.delivery()).agentWorkers(agents.workers())
                .screens(agents.screens())
                .listener(new MasterListener() {
                    @Override
                    public void message(String text) {
                        told.add(text);
                    }
                }).build());
    }

    @Test
    void startsAgentPanesThatTakePromptsAndReportTurnEnds() throws Exception {
        SwarmConfig config = config();
        AgentSwarmUp.Started started = AgentSwarmUp.up(config, AgentProfiles.builtin().get("sim"),
                spec(config, 2, "tiled"), true);
        assertThat(started.workers()).containsExactly("worker-0", "worker-1");
        assertThat(WorkerRoster.read(config.swarmDir()).orElseThrow().agentWorkers()).containsOnlyKeys("sim");
        FileSwarmStore state = FileSwarmStore.open(config, Clock.systemUTC());
        try (TmuxSwarmManager tmux = TmuxSwarmManager.connect(config.tmuxSocket(), started.session())) {
            AgentWorkers agents = AgentWorkers.open(config, tmux, state.broadcaster(), Clock.systemUTC())
                    .orElseThrow();
            assertThat(tmux.panes()).extracting(AgentPane::workerId).containsExactly("worker-0", "worker-1");
            AgentScreenReader reader = new AgentScreenReader(agents.profile());
            try (RunningMaster master = agentMaster(config, state, tmux, agents, new CopyOnWriteArrayList<>())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> tmux.captureAll(80).values().stream()
                        .allMatch(s -> reader.read(s).status() == AgentStatus.IDLE));
                // the monitor, on the master's captures, announces each ready agent once (START without task: idle)
                await().atMost(Duration.ofSeconds(15)).until(() -> events(state, BroadcastState.START).size() == 2);
                assertThat(events(state, BroadcastState.START)).noneMatch(StatusEvent::hasTask);

                state.queue().add(new NewTask("t-1", null, "write it sleep:1", null)); // the master dispatches it
                await().atMost(Duration.ofSeconds(20)).until(() -> events(state, BroadcastState.DONE).stream()
                        .anyMatch(e -> e.taskId().equals("t-1")));
                String worker = events(state, BroadcastState.DONE).get(0).workerId();
                assertThat(tmux.capture(worker, 80)).contains("❯ write it sleep:1").contains("Worked for");
                assertThat(events(state, BroadcastState.START)).anyMatch(e -> e.taskId().equals("t-1")
                        && e.workerId().equals(worker) && e.message().startsWith("prompt taken: started"));
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        state.queue().get("t-1").orElseThrow().status() == TaskStatus.DONE);
            }

            // with the master stopped: what delivery refuses
            TaskInfo command = state.queue().add(NewTask.command("make"));
            assertThat(agents.delivery().canRun(command, "worker-0")).isFalse();
            tmux.sendText("worker-0", "typed by a person");
            await().atMost(Duration.ofSeconds(10)).until(() -> "typed by a person".equals(
                    reader.read(tmux.capture("worker-0", 80)).input()));
            TaskInfo second = state.queue().add(new NewTask("t-2", null, "second", null));
            assertThat(agents.delivery().canRun(second, "worker-0")).isFalse();
            assertThat(agents.delivery().canRun(second, "worker-1")).isTrue();
            assertThatThrownBy(() -> agents.delivery().send(second, "worker-0"))
                    .isInstanceOf(SwarmStateException.class).hasMessageContaining("t-2")
                    .hasMessageContaining("not delivered to worker-0").hasMessageContaining("typed by a person");
            assertThat(new AgentTaskMarker(config.swarmDir()).get("worker-0")).isEmpty();
        }
    }

    @Test
    void agentThatExitsDuringATaskIsToldOfAndTakesNoMorePrompts() throws Exception {
        SwarmConfig config = config();
        AgentSwarmUp.Started started = AgentSwarmUp.up(config, AgentProfiles.builtin().get("sim"),
                spec(config, 1, "windows"), true);
        FileSwarmStore state = FileSwarmStore.open(config, Clock.systemUTC());
        try (TmuxSwarmManager tmux = TmuxSwarmManager.connect(config.tmuxSocket(), started.session())) {
            AgentWorkers agents = AgentWorkers.open(config, tmux, state.broadcaster(), Clock.systemUTC())
                    .orElseThrow();
            AgentScreenReader reader = new AgentScreenReader(agents.profile());
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> reader.read(tmux.capture("worker-0", 80)).status() == AgentStatus.IDLE);
            List<String> told = new CopyOnWriteArrayList<>();
            try (RunningMaster master = agentMaster(config, state, tmux, agents, told)) {
                state.queue().add(new NewTask("long", null, "long job sleep:30", null));
                await().atMost(Duration.ofSeconds(20)).until(() -> events(state, BroadcastState.START).stream()
                        .anyMatch(e -> e.taskId().equals("long")));
                tmux.sendKey("worker-0", "C-c"); // the agent dies mid-task
                // the master requeues the task of a pane that ended (TaskRecovery); the monitor says how to go on
                await().atMost(Duration.ofSeconds(20)).until(() -> told.stream()
                        .anyMatch(m -> m.contains("exited during task long") && m.contains("swarm restart worker-0")));
                TaskInfo next = state.queue().add(new NewTask("next", null, "next", null));
                assertThat(agents.delivery().canRun(next, "worker-0")).isFalse();
                assertThatThrownBy(() -> agents.delivery().send(next, "worker-0"))
                        .hasMessageContaining("process has ended");
            }
        }
    }

    @Test
    void refusesAMissingAgentCommandBeforeStartingAnything() throws Exception {
        SwarmConfig config = config();
        AgentProfile missing = AgentProfiles.builtin().get("aider");
        assertThatThrownBy(() -> AgentSwarmUp.up(config, missing, spec(config, 1, "windows"), true))
                .hasMessageContaining("'aider' is not found on PATH").hasMessageContaining("agents.aider.command");
        assertThat(TmuxSwarmManager.sessionExists(config.tmuxSocket(), SwarmSession.name("t"))).isFalse();
        assertThat(WorkerRoster.read(config.swarmDir())).isEqualTo(Optional.empty());
    }

    /** The session `swarm up` would start, without a master in its window. */
    private SessionSpec spec(SwarmConfig config, int workers, String layout) throws Exception {
        SessionSpec s = SwarmSession.spec(config, workers, layout, Files.createDirectories(tmp.resolve("work")), "sim");
        return new SessionSpec(s.socket(), s.session(), s.workerIds(), s.layout(), s.workdir(), s.env(), null, null);
    }

    private SwarmConfig config() {
        return SwarmConfig.from("t", Map.of("AI_SWARM_DIR", tmp.resolve("swarm").toString(),
                "AI_SWARM_TMUX_SOCKET", server.socket(), "HOME", tmp.resolve("home").toString(),
                "PATH", "/usr/bin:/bin", "AI_SWARM_LAUNCHER", Path.of("bin/swarm").toAbsolutePath().toString()));
    }

    private static List<StatusEvent> events(FileSwarmStore state, BroadcastState which) throws Exception {
        List<StatusEvent> out = new ArrayList<>();
        try (var follower = state.statusLog().follow()) {
            for (StatusEvent e : follower.poll()) if (e.state() == which) out.add(e);
        }
        return out;
    }
}
