package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.MutableClock;
import io.aiswarm.workspace.Git;
import io.aiswarm.workspace.GitRepos;
import io.aiswarm.workspace.Integration;
import io.aiswarm.workspace.TaskWorkspace;
import io.aiswarm.workspace.WorkspaceSettings;
import io.aiswarm.workspace.WorktreeManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's rounds with worktrees (real git, no tmux): tasks get branches, ends are committed, bad ones fail. */
class WorkspaceSenderIT {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    final List<TaskInfo> delivered = new ArrayList<>();
    final List<String> messages = new ArrayList<>();

    @Test
    void aTaskRunsOnItsOwnBranchAndItsEndIsCommittedAndABadBaseFailsTheTaskOnce() throws Exception {
        Path app = dir.resolve("app");
        Git person = GitRepos.create(app);
        SwarmConfig config = SwarmConfig.from("test", Map.of("AI_SWARM_DIR", dir.resolve("swarm").toString()));
        FileSwarmStore state = FileSwarmStore.open(config, clock);
        WorktreeManager worktrees = new WorktreeManager(new WorkspaceSettings(app, "", "main", null, null),
                config.swarmDir(), 0, messages::add);
        TaskSender recording = new TaskSender() {
            @Override
            public void send(TaskInfo task, String workerId) {
                delivered.add(task);
            }
        };
        SwarmMaster master = SwarmMaster.builder(config, clock).store(state)
                .workers(List.of("worker-0", "worker-1")).sender(recording).worktrees(worktrees)
                .listener(new MasterListener() {
                    @Override
                    public void message(String text) {
                        messages.add(text);
                    }
                }).build();
        state.queue().addAll(List.of(new NewTask("good", "touch made-by-good", null, null),
                new NewTask("bad", "true", null, null).withExtra(TaskWorkspace.BASE_BRANCH, "no-such-branch")));
        master.runOnce();
        assertThat(delivered).singleElement().satisfies(t -> {
            assertThat(t.taskId()).isEqualTo("good");
            assertThat(TaskWorkspace.branch(t)).isEqualTo("swarm/good");
            assertThat(TaskWorkspace.worktree(t)).endsWith("worktrees/" + t.workerId());
        });
        TaskInfo bad = state.queue().get("bad").orElseThrow();
        assertThat(bad.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(bad.error()).contains("workspace: base branch 'no-such-branch' does not exist");
        assertThat(messages).anyMatch(m -> m.contains("bad") && m.contains("is failed"));

        TaskInfo good = delivered.get(0);
        Files.writeString(Path.of(TaskWorkspace.worktree(good)).resolve("made-by-good"), "work\n");
        state.broadcaster().broadcastStart(good.workerId(), "good", "running");
        state.broadcaster().broadcast(good.workerId(), "good", BroadcastState.DONE, "exit 0",
                Map.of("exit_code", 0, "attempt", 1));
        RoundSummary end = master.runOnce();
        assertThat(end.finished()).singleElement()
                .satisfies(t -> assertThat(TaskWorkspace.integration(t)).isEqualTo(Integration.UNMERGED));
        assertThat(person.ok("show", "swarm/good:made-by-good")).isEqualTo("work");
        assertThat(end.dispatched()).isEmpty(); // the failed task is not tried again
    }
}
