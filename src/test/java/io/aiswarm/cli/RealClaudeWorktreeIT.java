package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aiswarm.agent.stub.ModelApiStub;
import io.aiswarm.agent.stub.StubReply;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.AgentClis;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.workspace.Git;
import io.aiswarm.workspace.GitRepos;
import io.aiswarm.workspace.Integration;
import io.aiswarm.workspace.TaskWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code on a git repository, as a user runs it: `swarm up --agent claude --workdir REPO`, a prompt, the
 * master; the model (the loopback stub) has Claude write a file. The file lands in the worker's worktree, is committed
 * on the task's branch when the turn ends (the hook settings the swarm wrote there are not), `swarm review` shows it,
 * `swarm merge` brings it into the person's checkout. The same agent's next task, on its own branch, starts a fresh
 * conversation (`/clear` first): its model request holds nothing of the first task. Skipped with a message when
 * Claude Code is not installed.
 */
class RealClaudeWorktreeIT {
    @TempDir
    Path tmp;

    @Test
    void claudeEditsInItsWorktreeAndTheMergeQueueBringsItBack() throws Exception {
        var found = AgentClis.find("claude");
        assumeTrue(found.isPresent(), AgentClis.skipMessage("claude"));
        Path claude = found.get();
        try (TmuxServer server = new TmuxServer(); ModelApiStub stub = ModelApiStub.start()) {
            Path swarm = Files.createDirectories(tmp.resolve("swarm"));
            Path home = Files.createDirectories(tmp.resolve("home"));
            Path app = tmp.resolve("app");
            Git person = GitRepos.create(app);
            Path worktree = swarm.resolve("worktrees/worker-0");
            // acceptEdits: a file written inside the project needs no approval (a dialog would raise HELP)
            Files.writeString(swarm.resolve("agents.json"), "{\"agents\":{\"claude\":{\"command\":[\"claude\","
                    + "\"--permission-mode\",\"acceptEdits\"],\"env\":{\"HOME\":\"${home}\","
                    + "\"ANTHROPIC_API_KEY\":\"${env:ANTHROPIC_API_KEY}\",\"ANTHROPIC_BASE_URL\":\"" + stub.baseUrl()
                    + "\"}}}}");
            stub.script(StubReply.toolCall("Write", Map.of("file_path", worktree.resolve("hello.txt").toString(),
                    "content", "hello from claude\n")), StubReply.text("I wrote hello.txt."),
                    StubReply.toolCall("Write", Map.of("file_path", worktree.resolve("bye.txt").toString(),
                    "content", "bye from claude\n")), StubReply.text("I wrote bye.txt."));
            CliRun cli = new CliRun(swarm).env("AI_SWARM_TMUX_SOCKET", server.socket()).env("HOME", home.toString())
                    .env("PATH", claude.getParent() + ":" + System.getenv("PATH")).env("AI_SWARM_POLL_INTERVAL", "0.5")
                    .env("ANTHROPIC_API_KEY", "sk-ant-stub-0123456789abcdefghijklmnopqrstuvwxyz");
            CliRun.Result up = cli.run("up", "--agent", "claude", "--workers", "1", "--no-master", "--workdir",
                    app.toString());
            assertThat(up.exit()).as(up.err()).isZero();
            assertThat(Files.readString(home.resolve(".claude.json"))).contains(worktree.toString());
            assertThat(cli.run("task", "add", "--id", "hello", "--prompt", "Create hello.txt").exit()).isZero();
            assertThat(cli.run("task", "add", "--id", "bye", "--prompt", "Now write the farewell file").exit()).isZero();
            CompletableFuture<CliRun.Result> master = CompletableFuture.supplyAsync(
                    () -> cli.run("master", "--no-standby"));
            FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR",
                    swarm.toString())), Clock.systemUTC());
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    TaskInfo t = state.queue().get("hello").orElseThrow();
                    return t.status() == TaskStatus.DONE && TaskWorkspace.integration(t) != null;
                });
                TaskInfo done = state.queue().get("hello").orElseThrow();
                assertThat(TaskWorkspace.integration(done)).isEqualTo(Integration.UNMERGED);
                assertThat(person.ok("show", "swarm/hello:hello.txt")).isEqualTo("hello from claude");
                assertThat(person.ok("ls-tree", "-r", "--name-only", "swarm/hello")).doesNotContain(".claude");
                assertThat(app.resolve("hello.txt")).doesNotExist(); // the person's checkout: untouched so far
                CliRun.Result review = cli.run("review", "hello");
                assertThat(review.out()).contains("+hello from claude").contains("swarm: hello Create hello.txt");
                CliRun.Result merge = cli.run("merge", "--all");
                assertThat(merge.exit()).as(merge.out() + merge.err()).isZero();
                assertThat(Files.readString(app.resolve("hello.txt"))).isEqualTo("hello from claude\n");
                assertThat(person.ok("status", "--porcelain")).isEmpty();

                // the next task on the same agent: its own branch, and a fresh conversation
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    TaskInfo t = state.queue().get("bye").orElseThrow();
                    return t.status() == TaskStatus.DONE && TaskWorkspace.integration(t) != null;
                });
                assertThat(person.ok("show", "swarm/bye:bye.txt")).isEqualTo("bye from claude");
                String byeBase = TaskWorkspace.base(state.queue().get("bye").orElseThrow());
                assertThat(person.ok("diff", "--name-only", byeBase + "..swarm/bye")).isEqualTo("bye.txt");
                assertThat(Files.readString(swarm.resolve("status.log"))).contains("cleared with '/clear'");
                var byeTurn = stub.agentTurns().stream().filter(r -> r.body().toString().contains("farewell file"))
                        .findFirst().orElseThrow();
                assertThat(byeTurn.body().toString()).doesNotContain("Create hello.txt").doesNotContain("hello from");
            } finally {
                server.killPaneTreesAndServer();
                master.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
