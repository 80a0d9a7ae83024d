package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskScheduleTest {
    static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    private static TaskInfo running(Map<String, Object> extra, int attempt) {
        return new TaskInfo("t1", "make", null, 5, TaskStatus.RUNNING, 1, attempt, "worker-0", NOW, NOW, NOW, NOW,
                null, null, null, null, extra);
    }

    @Test
    void durationsReadWhatPeopleType() {
        assertThat(Durations.parse("x", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("x", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("x", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("x", "PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("--setup-timeout", "600")).as("plain seconds, as the older options took")
                .isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> Durations.parse("--verify-timeout", "0")).hasMessageContaining("--verify-timeout '0'")
                .hasMessageContaining("longer than 0");
        assertThatThrownBy(() -> Durations.parse("--setup-timeout", "-5")).hasMessageContaining("--setup-timeout '-5'")
                .hasMessageContaining("number of seconds");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThatThrownBy(() -> Durations.parse("--timeout", "soon")).hasMessageContaining("--timeout 'soon'")
                .hasMessageContaining("30s");
        assertThatThrownBy(() -> Durations.parse("--timeout", "0s")).hasMessageContaining("longer than 0");
        assertThat(Durations.parseTime("--not-before", "2h", NOW)).isEqualTo(NOW.plusSeconds(7200));
        assertThat(Durations.parseTime("--not-before", "2026-02-01T00:00:00Z", NOW))
                .isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThatThrownBy(() -> Durations.parseTime("--not-before", "tomorrow", NOW))
                .hasMessageContaining("neither an ISO time");
    }

    @Test
    void aFailureWithRetriesLeftWaitsAGrowingDelayAndKeepsEveryReason() {
        TaskInfo t = running(Map.of(TaskSchedule.RETRIES, 2, TaskSchedule.BACKOFF, "10s"), 1);
        TaskInfo first = TaskSchedule.failed(t, 1, null, "exit 1", true, NOW);
        assertThat(first.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(first.workerId()).isNull();
        assertThat(TaskSchedule.notBefore(first)).contains(NOW.plusSeconds(10));
        assertThat(TaskSchedule.due(first, NOW.plusSeconds(9))).isFalse();
        assertThat(TaskSchedule.due(first, NOW.plusSeconds(10))).isTrue();
        assertThat(first.error()).contains("exit 1", "retry 1 of 2");

        TaskInfo again = running(first.extra(), 2);
        TaskInfo second = TaskSchedule.failed(again, null, null, "timed out after 5m", true, NOW);
        assertThat(TaskSchedule.notBefore(second)).contains(NOW.plusSeconds(20)); // doubled

        TaskInfo last = TaskSchedule.failed(running(second.extra(), 3), 2, "results/t1.log", "exit 2", true, NOW);
        assertThat(last.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(last.error()).contains("exit 2", "no retries left after 3 failures");
        assertThat(last.extra()).doesNotContainKey(TaskSchedule.NOT_BEFORE);
        assertThat(TaskSchedule.failures(last)).extracting(f -> f.get("reason"))
                .containsExactly("exit 1", "timed out after 5m", "exit 2");
        assertThat(TaskSchedule.failures(last)).extracting(f -> f.get("attempt")).containsExactly(1, 2, 3);
    }

    @Test
    void aRefusalIsNeverRetriedAndNoRetriesMeansFailed() {
        TaskInfo declined = TaskSchedule.failed(running(Map.of(TaskSchedule.RETRIES, 5), 1), null, null,
                "the person declined", false, NOW);
        assertThat(declined.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(declined.error()).isEqualTo("the person declined");
        TaskInfo plain = TaskSchedule.failed(running(Map.of(), 1), 1, null, "exit 1", true, NOW);
        assertThat(plain.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(plain.error()).isEqualTo("exit 1");
    }

    @Test
    void theDelayStopsGrowingAtItsCap() {
        assertThat(TaskSchedule.delay(Duration.ofMinutes(1), 40)).isEqualTo(TaskSchedule.MAX_DELAY);
        assertThat(TaskSchedule.delay(Duration.ofMinutes(1), 3)).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void badScheduleFieldsAreRefusedNamingTheTaskAndField() {
        assertThatThrownBy(() -> TaskSchedule.check("task 'a'", Map.of(TaskSchedule.RETRIES, -1)))
                .hasMessageContaining("task 'a': retries -1");
        assertThatThrownBy(() -> TaskSchedule.check("task 'a'", Map.of(TaskSchedule.BACKOFF, "5s")))
                .hasMessageContaining("only applies with retries");
        assertThatThrownBy(() -> TaskSchedule.check("task 'a'", Map.of(TaskSchedule.TIMEOUT, "x")))
                .hasMessageContaining("task 'a': timeout 'x'");
        assertThatThrownBy(() -> TaskSchedule.check("task 'a'", Map.of(TaskSchedule.NOT_BEFORE, "noon")))
                .hasMessageContaining("not_before 'noon'");
    }

    @Test
    void jsonTasksCarryTheirScheduleAndBadOnesNameTheLine() {
        List<NewTask> tasks = NewTaskParser.parse("t.jsonl", "{\"command\": \"make\", \"timeout\": \"10m\","
                + " \"retries\": 2, \"backoff\": \"1m\", \"not_before\": \"2026-02-01T00:00:00Z\"}\n", null);
        assertThat(tasks.get(0).extra()).containsEntry("timeout", "10m").containsEntry("retries", 2)
                .containsEntry("backoff", "1m").containsEntry("not_before", "2026-02-01T00:00:00Z");
        assertThatThrownBy(() -> NewTaskParser.parse("t.jsonl", "{\"command\": \"make\", \"retries\": 1.5}\n", null))
                .hasMessageContaining("t.jsonl line 1").hasMessageContaining("retries");
        assertThatThrownBy(() -> NewTaskParser.parse("t.jsonl", "{\"command\": \"make\", \"timeout\": \"long\"}\n",
                null)).hasMessageContaining("t.jsonl line 1").hasMessageContaining("timeout 'long'");
    }
}
