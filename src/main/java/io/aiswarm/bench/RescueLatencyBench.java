package io.aiswarm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rescue latency through the master's real rescue path (scan, capture, detector, policy, send-keys Enter): each
 * task waits a little (so prompts fall at any phase of the master's cycle), writes a timestamp, prints
 * "Press Enter to continue" and reads a line; right after {@code read} returns it writes a second timestamp.
 * Both timestamps come from the pane's shell clock (milliseconds).
 */
final class RescueLatencyBench {
    record Result(Percentiles latencies, int prompts, int answered) {
    }

    private RescueLatencyBench() {
    }

    static Result measure(int workers, int prompts) throws InterruptedException {
        try (BenchSwarm swarm = BenchSwarm.start("rescue", workers, Map.of("AI_SWARM_POLL_INTERVAL", "1.0"))) {
            Path marks = swarm.dir.resolve("marks");
            createDirectories(marks);
            swarm.addTasks(prompts, "prompt", i -> command(marks, i));
            try {
                MasterRun.untilDrained(swarm.master(true), Duration.ofSeconds(60 + 5L * prompts));
            } catch (IllegalStateException e) {
                // prompts never answered are counted below; the master was stopped
            }
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < prompts; i++) {
                Long shown = millis(marks.resolve("prompt-" + i));
                Long answered = millis(marks.resolve("enter-" + i));
                if (shown != null && answered != null) latencies.add((double) (answered - shown));
            }
            if (latencies.isEmpty()) throw new IllegalStateException("no prompt was answered by the rescuer");
            return new Result(Percentiles.of(latencies), prompts, latencies.size());
        }
    }

    /** Waits 0.05 .. 0.95 s (a fixed spread over the tasks), then shows the prompt and times the answer. */
    static String command(Path marks, int i) {
        String dir = "'" + marks + "'";
        return String.format("sleep 0.%02d; date +%%s%%3N > %s/prompt-%d; printf 'Press Enter to continue'; "
                + "read answer; date +%%s%%3N > %s/enter-%d", 5 + (i * 37) % 91, dir, i, dir, i);
    }

    private static Long millis(Path file) {
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
