package io.aiswarm.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A person's shell command (a worktree's setup, a merge's verify) run with {@code sh -c} in a directory, with a time
 * limit, its output (stdout and stderr together) kept in a log file. On time-out the command and its children are
 * killed. The result says how it ended and carries the end of its output, for a task's error or a merge report.
 */
public record CommandRun(int exit, boolean timedOut, Duration took, Path log, String tail) {
    static final int TAIL_CHARS = 4000;

    public boolean ok() {
        return exit == 0 && !timedOut;
    }

    /** One line: how it ended, e.g. "exit 2" or "stopped after 600 s". */
    public String outcome() {
        return timedOut ? "stopped after " + took.toSeconds() + " s (time limit)" : "exit " + exit;
    }

    public static CommandRun run(String command, Path dir, Duration limit, Path log, Map<String, String> env) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                            Path.of("/dev/null").toFile()));
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            boolean ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new CommandRun(ended ? p.exitValue() : -1, !ended, took, log, tail(log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run `" + command + "` in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while `" + command + "` ran", e);
        }
    }

    /** The last TAIL_CHARS bytes of the log (not the whole of a long test run's output). */
    static String tail(Path log) throws IOException {
        try (var file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int n = (int) Math.min(length, TAIL_CHARS);
            byte[] bytes = new byte[n];
            file.seek(length - n);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return length > n ? "..." + text : text;
        }
    }
}
