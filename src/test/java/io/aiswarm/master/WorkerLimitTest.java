package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A limited worker's START line, and how status (text, JSON: the web page and top) shows it. */
class WorkerLimitTest {
    private static final Instant NOW = Instant.parse("2026-12-01T13:14:05Z");

    private static StatusReport.Row row(Instant now, String message) {
        WorkerStatus w = new WorkerStatus("worker-0", BroadcastState.START, "task-7", NOW, message, true, NOW,
                PaneState.ALIVE, 0, 0, null);
        return new StatusReport(now, "m", Map.of("worker-0", w), List.of()).rows().get(0);
    }

    @Test
    void aLimitedWorkerShowsUntilWhenInItsLocalTimeAndBusyAgainOnceThatTimePassed() {
        Instant until = Instant.parse("2026-12-01T14:14:30Z");
        String message = WorkerLimit.message(until, "■ You’ve hit your usage limit.");
        assertThat(WorkerLimit.until(message)).contains(until);
        String hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm").format(until.atZone(ZoneId.systemDefault()));
        assertThat(row(NOW, message).state()).isEqualTo("limited (until " + hhmm + ")");
        assertThat(row(NOW, message).note()).contains("You’ve hit your usage limit");
        assertThat(row(until.plusSeconds(1), message).state()).isEqualTo("START");
        assertThat(row(NOW, "prompt taken: started").state()).isEqualTo("START");
        assertThat(WorkerLimit.until("usage limit reached; resumes at garbage: x")).isEmpty();
    }
}
