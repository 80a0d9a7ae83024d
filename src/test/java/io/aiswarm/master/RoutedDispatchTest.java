package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskRouting;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dispatch in a mixed swarm: each worker gets, in queue order (priority, then arrival), the first task its profile
 * and labels fit, through its own sender; a draining worker gets none. Real files, injected clock.
 */
class RoutedDispatchTest {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    FileSwarmStore state;
    final RecordingSender exec = new RecordingSender(task -> task.command() != null);
    final RecordingSender claude = new RecordingSender(task -> task.prompt() != null);
    final Map<String, WorkerRoster.Worker> roster = new LinkedHashMap<>();
    MasterDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        state = FileSwarmStore.open(SwarmConfig.from("test", Map.of("AI_SWARM_DIR", dir.toString())), clock);
        worker("worker-0", "claude");
        worker("worker-1", "exec");
        worker("worker-2", "exec", "gpu");
        worker("worker-3", "codex");
        WorkerRouter router = new WorkerRouter() {
            @Override
            public TaskSender agentSender(String workerId) {
                return roster.get(workerId).agent().equals("claude") ? claude : null;
            }

            @Override
            public Collection<TaskSender> agentSenders() {
                return List.of(claude);
            }

            @Override
            public boolean accepts(TaskInfo task, String workerId) {
                return TaskRouting.accepts(task, roster.get(workerId));
            }

            @Override
            public Set<String> agentWorkers() {
                return Set.of("worker-0", "worker-3");
            }
        };
        dispatcher = new MasterDispatcher(state.queue(), state.locks(), state.broadcaster(),
                new RoutedSender(exec, router), clock, message -> { });
    }

    private void worker(String id, String agent, String... labels) {
        roster.put(id, new WorkerRoster.Worker(id, agent, List.of(labels), false));
    }

    private void add(String id, String command, String prompt, Integer priority, Map<String, Object> fields) {
        NewTask task = new NewTask(id, command, prompt, priority);
        for (var f : fields.entrySet()) task = task.withExtra(f.getKey(), f.getValue());
        state.queue().add(task);
    }

    private Map<String, WorkerStatus> idle(String... workers) {
        Map<String, WorkerStatus> map = new LinkedHashMap<>();
        for (String w : workers) map.put(w, WorkerStatus.of(w, BroadcastState.DONE, "", clock.instant(), false));
        return map;
    }

    private static List<String> sent(RecordingSender s) {
        List<String> out = new ArrayList<>();
        for (RecordingSender.Sent x : s.sent) out.add(x.taskId() + "@" + x.workerId());
        return out;
    }

    @Test
    void eachWorkerTakesTheFirstTaskItsProfileAndLabelsFitInQueueOrder() {
        add("gpu-job", "train", null, null, Map.of(TaskRouting.LABELS, List.of("gpu")));
        add("plain", "make", null, null, Map.of());
        add("for-codex", null, "refactor", null, Map.of(TaskRouting.AGENT, "codex"));
        add("for-claude", null, "write docs", null, Map.of(TaskRouting.AGENT, "claude"));
        add("urgent", "make lint", null, 1, Map.of());

        dispatcher.dispatchAll(idle("worker-0", "worker-1", "worker-2", "worker-3"));

        // worker-1 (exec, no label) passes over gpu-job; worker-2 (gpu) takes the urgent one first
        assertThat(sent(exec)).containsExactly("urgent@worker-1", "gpu-job@worker-2");
        assertThat(sent(claude)).containsExactly("for-claude@worker-0");
        // worker-3 runs codex, whose sender is the exec one here: the router offered it for-codex, exec refused it
        assertThat(state.queue().get("for-codex").orElseThrow().isPending()).isTrue();
        assertThat(state.queue().get("plain").orElseThrow().isPending()).isTrue();
    }

    @Test
    void aTaskWithLabelsNoIdleWorkerCarriesWaitsWhileLaterTasksRun() {
        add("needs-both", "x", null, null, Map.of(TaskRouting.LABELS, List.of("gpu", "big")));
        add("later", "y", null, null, Map.of());
        dispatcher.dispatchAll(idle("worker-1", "worker-2"));
        assertThat(sent(exec)).containsExactlyInAnyOrder("later@worker-1");
        assertThat(state.queue().get("needs-both").orElseThrow().isPending()).isTrue();

        roster.put("worker-2", new WorkerRoster.Worker("worker-2", "exec", List.of("gpu", "big"), false));
        dispatcher.dispatchAll(idle("worker-2"));
        assertThat(sent(exec)).contains("needs-both@worker-2");
    }

    @Test
    void aDrainingWorkerTakesNoNewTask() {
        roster.put("worker-1", roster.get("worker-1").draining(true));
        add("a", "make", null, null, Map.of());
        assertThat(dispatcher.dispatchAll(idle("worker-1"))).isEmpty();
        assertThat(sent(exec)).isEmpty();
        dispatcher.dispatchAll(idle("worker-1", "worker-2"));
        assertThat(sent(exec)).containsExactly("a@worker-2");
    }
}
