package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.workspace.Git;
import io.aiswarm.workspace.GitRepos;
import io.aiswarm.workspace.Integration;
import io.aiswarm.workspace.TaskWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path as a user runs it: `swarm up --agent sim`, prompts queued with `swarm task add`, `swarm master`
 * types them into the simulated agents; every prompt is taken exactly once and every task ends DONE; a dangerous
 * one raises HELP naming the command and is never approved.
 */
class AgentSwarmEndToEndIT {
    @TempDir
    Path tmp;

    @Test
    void masterDrivesSimulatedAgentsThroughAQueueOfPrompts() throws Exception {
        try (TmuxServer server = new TmuxServer()) {
            Path swarm = tmp.resolve("swarm");
            Path simLog = tmp.resolve("sim.log");
            Files.createDirectories(swarm);
            // the simulated agent records every prompt it takes, in one log for all workers
            Files.writeString(swarm.resolve("agents.json"), "{\"agents\":{\"sim\":{\"env\":{\"SIM_AGENT_LOG\":\""
                    + simLog + "\",\"SIM_AGENT_DIALOG_GRACE\":\"0.1\"}}}}");
            CliRun cli = new CliRun(swarm).env("AI_SWARM_TMUX_SOCKET", server.socket())
                    .env("PATH", System.getenv("PATH")).env("AI_SWARM_POLL_INTERVAL", "0.3")
                    .env("AI_SWARM_LAUNCHER", Path.of("bin/swarm").toAbsolutePath().toString());
            CliRun.Result up = cli.run("up", "--agent", "sim", "--workers", "2", "--no-master", "--workdir",
                    Files.createDirectories(tmp.resolve("work")).toString());
            assertThat(up.exit()).as(up.err()).isZero();
            List<String> prompts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String prompt = "task number " + i + " sleep:0.5";
                prompts.add(prompt);
                assertThat(cli.run("task", "add", "--prompt", prompt).exit()).isZero();
            }
            CliRun.Result master = cli.run("master", "--exit-when-done", "--no-standby");
            assertThat(master.exit()).as(master.out() + master.err()).isZero();

            FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", swarm.toString())),
                    Clock.systemUTC());
            assertThat(state.queue().list()).extracting(TaskInfo::status).containsOnly(TaskStatus.DONE);
            Map<String, Long> taken = Files.readAllLines(simLog).stream().filter(l -> l.startsWith("prompt "))
                    .map(l -> l.substring(7)).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(taken.keySet()).containsExactlyInAnyOrderElementsOf(prompts);
            assertThat(taken.values()).containsOnly(1L);
        }
    }

    @Test
    void agentsOnAGitRepositoryWorkInTheirOwnWorktreesOnABranchPerTask() throws Exception {
        try (TmuxServer server = new TmuxServer()) {
            Path swarm = Files.createDirectories(tmp.resolve("swarm"));
            Path app = tmp.resolve("app");
            Git person = GitRepos.create(app);
            CliRun cli = new CliRun(swarm).env("AI_SWARM_TMUX_SOCKET", server.socket())
                    .env("PATH", System.getenv("PATH")).env("AI_SWARM_POLL_INTERVAL", "0.3")
                    .env("AI_SWARM_LAUNCHER", Path.of("bin/swarm").toAbsolutePath().toString());
            CliRun.Result up = cli.run("up", "--agent", "sim", "--workers", "2", "--no-master", "--workdir",
                    app.toString());
            assertThat(up.exit()).as(up.err()).isZero();
            assertThat(up.out()).contains("worktrees: each worker works in its own git worktree");
            String w0 = "worker-0 " + swarm.resolve("worktrees/worker-0").toRealPath();
            String w1 = "worker-1 " + swarm.resolve("worktrees/worker-1").toRealPath();
            await().atMost(Duration.ofSeconds(20)).until(() -> List.of(server.run("list-panes", "-a", "-F",
                    "#{@swarm_worker} #{pane_current_path}").split("\n")).containsAll(List.of(w0, w1)));
            for (int i = 0; i < 3; i++) {
                assertThat(cli.run("task", "add", "--id", "p" + i, "--prompt", "prompt " + i + " sleep:0.3").exit())
                        .isZero();
            }
            CliRun.Result master = cli.run("master", "--exit-when-done", "--no-standby");
            assertThat(master.exit()).as(master.out() + master.err()).isZero();
            FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", swarm.toString())),
                    Clock.systemUTC());
            assertThat(state.queue().list()).allSatisfy(t -> {
                assertThat(t.status()).isEqualTo(TaskStatus.DONE);
                assertThat(TaskWorkspace.branch(t)).isEqualTo("swarm/" + t.taskId());
                assertThat(TaskWorkspace.worktree(t)).isEqualTo(swarm.resolve("worktrees/" + t.workerId()).toString());
                assertThat(TaskWorkspace.integration(t)).isEqualTo(Integration.EMPTY);
            });
            assertThat(person.ok("status", "--porcelain")).isEmpty();
        }
    }

    @Test
    void dangerousPromptRaisesHelpAndIsNeverApproved() throws Exception {
        try (TmuxServer server = new TmuxServer()) {
            Path swarm = Files.createDirectories(tmp.resolve("swarm"));
            Path simLog = tmp.resolve("sim.log");
            Files.writeString(swarm.resolve("agents.json"), "{\"agents\":{\"sim\":{\"env\":{\"SIM_AGENT_LOG\":\""
                    + simLog + "\",\"SIM_AGENT_DIALOG_GRACE\":\"0.1\"}}}}");
            Files.writeString(swarm.resolve("agent-policy.json"), "{\"allowCommandPrefixes\": [\"rm\"]}");
            CliRun cli = new CliRun(swarm).env("AI_SWARM_TMUX_SOCKET", server.socket())
                    .env("PATH", System.getenv("PATH")).env("AI_SWARM_POLL_INTERVAL", "0.3");
            assertThat(cli.run("up", "--agent", "sim", "--workers", "1", "--no-master", "--no-worktrees").exit()).isZero();
            assertThat(cli.run("task", "add", "--prompt", "tidy up: rm -rf build").exit()).isZero();
            CompletableFuture<CliRun.Result> master = CompletableFuture.supplyAsync(
                    () -> cli.run("master", "--no-standby"));
            FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", swarm.toString())),
                    Clock.systemUTC());
            await().atMost(Duration.ofSeconds(40)).until(() -> helpLines(state).stream()
                    .anyMatch(e -> "rm -rf build".equals(e.meta().get("waiting_for"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(simLog).contains("dialog rm -rf build"));
            // rounds go on: the dialog stays unanswered, although the policy allows the prefix (the word is dangerous)
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    Files.readAllLines(simLog).equals(List.of("prompt tidy up: rm -rf build", "dialog rm -rf build")));
            assertThat(state.queue().list().get(0).status()).isIn(TaskStatus.ASSIGNED, TaskStatus.RUNNING);
            server.run("kill-server"); // ends the master: its session is gone
            master.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static List<StatusEvent> helpLines(FileSwarmStore state) throws Exception {
        try (var follower = state.statusLog().follow()) {
            return follower.poll().stream().filter(e -> e.state() == BroadcastState.HELP).toList();
        }
    }
}
