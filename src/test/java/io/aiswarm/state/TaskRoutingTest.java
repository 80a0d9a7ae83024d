package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing rules: which worker (profile, labels, draining) may take which task; the worker mix and its roster. */
class TaskRoutingTest {
    static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    @TempDir
    Path dir;

    static TaskInfo task(String command, String prompt, Map<String, Object> extra) {
        return new TaskInfo("t", command, prompt, 5, TaskStatus.PENDING, 1, 0, null, NOW, NOW, null, null, null, null,
                null, null, extra);
    }

    static WorkerRoster.Worker worker(String agent, String... labels) {
        return new WorkerRoster.Worker("worker-0", agent, List.of(labels), false);
    }

    @Test
    void aTaskGoesOnlyToWorkersOfItsProfileCarryingAllItsLabels() {
        TaskInfo plainCommand = task("make", null, Map.of());
        TaskInfo plainPrompt = task(null, "docs", Map.of());
        TaskInfo codex = task(null, "fix", Map.of(TaskRouting.AGENT, "codex"));
        TaskInfo gpu = task("train", null, Map.of(TaskRouting.LABELS, List.of("gpu", "big")));
        assertThat(TaskRouting.accepts(plainCommand, worker("exec", "gpu"))).isTrue();
        assertThat(TaskRouting.accepts(plainCommand, worker("claude"))).as("commands run on exec workers").isFalse();
        assertThat(TaskRouting.accepts(plainPrompt, worker("claude"))).isTrue();
        assertThat(TaskRouting.accepts(plainPrompt, worker("exec"))).isFalse();
        assertThat(TaskRouting.accepts(codex, worker("claude"))).isFalse();
        assertThat(TaskRouting.accepts(codex, worker("codex", "x"))).isTrue();
        assertThat(TaskRouting.accepts(gpu, worker("exec", "gpu"))).as("every label").isFalse();
        assertThat(TaskRouting.accepts(gpu, worker("exec", "big", "gpu", "x"))).isTrue();
        assertThat(TaskRouting.accepts(plainCommand, worker("exec").draining(true))).isFalse();
        assertThat(TaskRouting.routable(codex, List.of(worker("exec"), worker("claude")))).isFalse();
        assertThat(TaskRouting.wants(gpu)).isEqualTo("an exec worker with labels gpu+big");
        assertThat(TaskRouting.wants(codex)).isEqualTo("agent codex");
    }

    @Test
    void badRoutingIsRefusedNamingTheFieldAndWhatToDo() {
        assertThatThrownBy(() -> TaskRouting.check("task 'a'", null, Map.of(TaskRouting.AGENT, "exec")))
                .hasMessage("task 'a': agent 'exec' runs commands, but the task is a prompt; name an agent profile"
                        + " (claude, codex …)");
        assertThatThrownBy(() -> TaskRouting.check("task 'a'", "make", Map.of(TaskRouting.AGENT, "a b")))
                .hasMessageContaining("agent 'a b' is not a profile name");
        assertThatThrownBy(() -> TaskRouting.check("task 'a'", "make", Map.of(TaskRouting.LABELS, List.of())))
                .hasMessageContaining("labels must be a list");
        assertThatThrownBy(() -> TaskRouting.parseLabels("--label", List.of("gpu,", "x")))
                .hasMessage("--label '' is not a label; " + SafeNames.RULE);
        assertThat(TaskRouting.parseLabels("--label", List.of("gpu,big", "gpu"))).containsExactly("gpu", "big");
    }

    @Test
    void taskFilesCarryAgentAndLabels() {
        List<NewTask> tasks = NewTaskParser.parse("t.jsonl", """
                {"prompt": "review", "agent": "claude", "labels": ["fast"]}
                {"command": "train", "labels": "gpu,big"}
                """, null);
        assertThat(tasks.get(0).extra()).containsEntry("agent", "claude").containsEntry("labels", List.of("fast"));
        assertThat(tasks.get(1).extra()).containsEntry("labels", List.of("gpu", "big"));
        assertThatThrownBy(() -> NewTaskParser.parse("t.jsonl", "{\"command\": \"x\", \"agent\": \"claude\"}", null))
                .hasMessageStartingWith("t.jsonl line 1: the new task: agent 'claude' takes prompts");
        assertThatThrownBy(() -> NewTaskParser.parse("t.jsonl", "{\"command\": \"x\", \"labels\": [\"a/b\"]}", null))
                .hasMessageContaining("t.jsonl line 1").hasMessageContaining("'a/b' is not a label");
    }

    @Test
    void aWorkerMixIsACountOrProfileGroupsWithLabels() {
        WorkerMix mix = WorkerMix.parse("--workers", "claude:2,codex:1,exec:2@gpu+big", null);
        assertThat(mix.total()).isEqualTo(5);
        assertThat(mix.newWorkers(Set.of())).extracting(WorkerRoster.Worker::describe).containsExactly(
                "worker-0 claude", "worker-1 claude", "worker-2 codex", "worker-3 exec@gpu+big", "worker-4 exec@gpu+big");
        assertThat(WorkerMix.parse("--workers", "3", null).newWorkers(Set.of("worker-0", "worker-7")))
                .extracting(WorkerRoster.Worker::describe).containsExactly("worker-8 exec", "worker-9 exec",
                        "worker-10 exec");
        assertThat(WorkerMix.parse("--workers", "2", "claude").hasAgents()).isTrue();
        assertThatThrownBy(() -> WorkerMix.parse("--workers", "claude:two", null))
                .hasMessageStartingWith("--workers claude:two: 'claude:two' is not PROFILE:N[@LABEL[+LABEL]]")
                .hasMessageContaining("e.g. --workers 3, or --workers claude:2,codex:1,exec:2@gpu");
        assertThatThrownBy(() -> WorkerMix.parse("--workers", "0", null)).hasMessageContaining("at least one worker");
        assertThatThrownBy(() -> WorkerMix.parse("--workers", "exec:300", null)).hasMessageContaining("at most 256");
        assertThatThrownBy(() -> WorkerMix.parse("--workers", "codex:1", "claude"))
                .hasMessageContaining("with --agent give a plain number");
        assertThatThrownBy(() -> WorkerMix.parse("--workers", "exec:1@g/pu", null))
                .hasMessageContaining("'g/pu' is not a label");
    }

    @Test
    void theRosterIsWrittenAndReadBackAndAnOlderVersionsAgentFileIsRead() throws Exception {
        assertThat(WorkerRoster.read(dir)).isEmpty();
        WorkerRoster roster = new WorkerRoster(dir, List.of(worker("claude"),
                new WorkerRoster.Worker("worker-1", "exec", List.of("gpu"), true)));
        roster.write(dir);
        assertThat(WorkerRoster.read(dir)).contains(roster);
        assertThat(roster.agentWorkers()).isEqualTo(Map.of("claude", List.of("worker-0")));

        Files.delete(WorkerRoster.path(dir));
        Files.createDirectories(WorkerRoster.legacyPath(dir).getParent());
        Files.writeString(WorkerRoster.legacyPath(dir), "{\"profile\": \"sim\", \"workdir\": \"/w\", \"workers\": "
                + "[\"worker-0\", \"worker-1\"]}");
        assertThat(WorkerRoster.read(dir).orElseThrow().workers()).extracting(WorkerRoster.Worker::describe)
                .containsExactly("worker-0 sim", "worker-1 sim");

        Files.writeString(WorkerRoster.path(dir), "{\"workers\": [{\"id\": \"worker-0\"}]}");
        assertThatThrownBy(() -> WorkerRoster.read(dir)).hasMessageContaining(WorkerRoster.path(dir).toString())
                .hasMessageContaining("worker 1 needs an \"id\"");
        assertThat(Files.readString(WorkerRoster.path(dir))).as("never rewritten").contains("worker-0");
    }
}
