package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.SlowTmux;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each task runs exactly once, also when tmux is slow, when two masters run, and when the directory is tampered with. */
class ExactlyOnceIT extends TmuxSwarmFixture {
    /**
     * tmux holds every command after a respawn for half a second, so an instant task has ended before its output
     * pipe is opened: the task is started, never rolled back, and its output is still all in its log.
     */
    @Test
    void aSlowTmuxNeverMakesATaskRunTwice() throws Exception {
        startWorkers(1);
        List<String> ids = addMarkTasks(4, "echo output-of-$AI_SWARM_TASK_ID; ");
        Map<String, String> slow = Map.of("PATH", SlowTmux.path(SlowTmux.install(dir.resolve("slow-bin"), 0.5)));
        Process master = masterJvm("slow-master", slow, "--exit-when-done");
        assertThat(master.waitFor(120, TimeUnit.SECONDS)).as("master finished").isTrue();
        System.out.println("slow tmux: marks " + markCounts());
        assertEveryMarkExactlyOnce(ids);
        for (String id : ids) {
            TaskInfo task = state.queue().get(id).orElseThrow();
            assertThat(task.attempts()).as("attempts of " + id).isEqualTo(1);
            assertThat(Files.readString(config.paths().root().resolve(task.resultFile())))
                    .contains("output-of-" + id);
        }
        assertThat(state.queue().list()).extracting(TaskInfo::status).containsOnly(TaskStatus.DONE);
        assertThat(Files.readString(dir.resolve("slow-master.log"))).doesNotContain("pending again");
    }
}
