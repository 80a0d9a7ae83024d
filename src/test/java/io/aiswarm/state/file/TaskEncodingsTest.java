package io.aiswarm.state.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cached encoder writes exactly what encoding the whole file at once writes, before and after updates. */
class TaskEncodingsTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void cachedEncodingIsByteForByteTheWholeFileEncoding(long seed) {
        Random random = new Random(seed);
        TaskEncodings cache = new TaskEncodings();
        List<TaskInfo> tasks = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(40); i++) tasks.add(randomTask(random, i));
        for (int round = 0; round < 5; round++) {
            TaskFile file = new TaskFile(tasks, tasks.size() + 1, Map.of());
            assertThat(new String(TaskFileCodec.encode(file, cache), StandardCharsets.UTF_8))
                    .isEqualTo(new String(TaskFileCodec.encode(file), StandardCharsets.UTF_8));
            int changed = random.nextInt(tasks.size());
            tasks.set(changed, tasks.get(changed).withStatus(TaskStatus.values()[random.nextInt(7)],
                    Instant.ofEpochMilli(random.nextInt(1_000_000_000))));
        }
    }

    private static TaskInfo randomTask(Random r, int i) {
        String text = switch (r.nextInt(4)) {
            case 0 -> "echo \"quoted\" \\\\ back\nslash\ttab";
            case 1 -> "ünïcødé ✓ " + r.nextInt();
            case 2 -> "x".repeat(r.nextInt(500));
            default -> "plain " + i;
        };
        boolean prompt = r.nextBoolean();
        Instant t = Instant.ofEpochMilli(1_700_000_000_000L + r.nextInt(1_000_000));
        Map<String, Object> extra = r.nextInt(5) == 0 ? Map.of("custom", "kept", "n", r.nextInt(9)) : Map.of();
        return new TaskInfo("task-" + i, prompt ? null : text, prompt ? text : null, 1 + r.nextInt(9),
                TaskStatus.PENDING, i + 1, r.nextInt(3), r.nextBoolean() ? "worker-" + r.nextInt(3) : null, t, t,
                r.nextBoolean() ? t : null, null, null, r.nextBoolean() ? r.nextInt(200) : null, null,
                r.nextBoolean() ? "error " + r.nextInt() : null, extra);
    }
}
