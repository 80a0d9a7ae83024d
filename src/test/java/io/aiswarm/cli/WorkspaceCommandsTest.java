package io.aiswarm.cli;

import static io.aiswarm.workspace.GitRepos.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmState;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.workspace.Git;
import io.aiswarm.workspace.GitRepos;
import io.aiswarm.workspace.TaskWorkspace;
import io.aiswarm.workspace.WorkspaceSettings;
import io.aiswarm.workspace.WorktreeManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** swarm review, merge, clean and worktrees on a real repository, with tasks run as the master runs them. */
class WorkspaceCommandsTest {
    @TempDir
    Path tmp;
    Path app;
    Path swarm;
    Git person;
    SwarmState state;
    WorktreeManager worktrees;
    CliRun cli;

    @BeforeEach
    void swarmOnARepository() {
        app = tmp.resolve("app");
        swarm = tmp.resolve("swarm");
        person = GitRepos.create(app);
        WorkspaceSettings settings = new WorkspaceSettings(app, "", "main", null, null);
        settings.write(swarm);
        state = SwarmState.open(SwarmConfig.from("default", Map.of("AI_SWARM_DIR", swarm.toString())),
                Clock.systemUTC());
        worktrees = new WorktreeManager(settings, swarm, 0, s -> { });
        cli = new CliRun(swarm);
    }

    /** A task run as the master would: started on its branch by a worker, {@code edit} done, ended DONE. */
    TaskInfo ran(String id, String worker, Map<String, String> files) {
        state.queue().add(new NewTask(id, "edit", null, null));
        TaskInfo t = state.queue().update(id, x -> x.assignedTo(worker, Instant.now()).running(Instant.now()));
        Map<String, Object> start = worktrees.startTask(worker, t);
        t = state.queue().update(id, x -> TaskWorkspace.with(x, start, Instant.now()));
        Path wt = Path.of(TaskWorkspace.worktree(t));
        files.forEach((name, text) -> write(wt.resolve(name), text));
        TaskInfo done = state.queue().update(id, x -> x.finished(TaskStatus.DONE, 0, null, null, Instant.now()));
        Map<String, Object> end = worktrees.finishTask(done);
        return state.queue().update(id, x -> TaskWorkspace.with(x, end, Instant.now()));
    }

    @Test
    void reviewShowsTheCommitsTheStatAndTheDiffAndJsonForScripts() throws Exception {
        ran("t1", "worker-0", Map.of("src/app.txt", "line 1\nline 2 by t1\nline 3\n"));
        CliRun.Result text = cli.run("review", "t1");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("t1  done · unmerged  branch swarm/t1 (worker-0)")
                .contains("commits (1):").contains("swarm: t1 edit").contains("1 file changed")
                .contains("+line 2 by t1");
        assertThat(cli.run("review", "t1", "--stat").out()).doesNotContain("+line 2 by t1");
        JsonNode json = Json.MAPPER.readTree(cli.run("review", "t1", "--json").out());
        assertThat(json.get("branch").asText()).isEqualTo("swarm/t1");
        assertThat(json.get("files").get(0).get("path").asText()).isEqualTo("src/app.txt");
        assertThat(json.get("commits")).hasSize(1);
        CliRun.Result missing = cli.run("review", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no task 'nope'");
    }
}
