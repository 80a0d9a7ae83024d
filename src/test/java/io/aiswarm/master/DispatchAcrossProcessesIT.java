package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several dispatchers in separate JVMs on one queue: every task is delivered exactly once. */
class DispatchAcrossProcessesIT {
    @TempDir
    Path dir;

    @Test
    void threeProcessesDeliverEveryTaskExactlyOnce() throws Exception {
        Path swarm = dir.resolve("swarm");
        FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("race", Map.of("AI_SWARM_DIR", swarm.toString())),
                Clock.systemUTC());
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) tasks.add(NewTask.command("true"));
        List<String> ids = state.queue().addAll(tasks).stream().map(TaskInfo::taskId).toList();
        Path sent = dir.resolve("sent.txt");
        Path go = dir.resolve("go");
        List<Process> racers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            racers.add(JavaProcess.start(DispatchRacerMain.class, Map.of(), dir.resolve("racer-" + i + ".log").toFile(),
                    swarm.toString(), sent.toString(), go.toString(), "4"));
        }
        // every racer is up and waiting, so that they really race
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().startsWith("go.ready-")).count() == racers.size();
            }
        });
        Files.createFile(go);
        for (Process p : racers) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("racer-0.log"))).isZero();
        }
        List<String> lines = Files.readAllLines(sent);
        Map<String, Long> perTask = lines.stream().map(l -> l.split(" ")[0])
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perTask.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(perTask).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        assertThat(lines.stream().map(l -> l.split(" ")[2]).distinct().count()).as("racers that delivered")
                .isGreaterThan(1);
    }
}
