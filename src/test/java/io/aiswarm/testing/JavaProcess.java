package io.aiswarm.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a separate JVM on the test classpath: cross-process tests use real processes, not threads. */
public final class JavaProcess {
    private JavaProcess() {
    }

    public static ProcessBuilder builder(Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /** What a child JVM printed (standard output and error together) and its exit code. */
    public record Finished(int exit, String out) {
    }

    /**
     * Runs {@code mainClass} with {@code args} as a child JVM with {@code env} added (no TMUX of ours), waits up to
     * {@code timeoutSeconds} for it (then kills it and fails), and returns what it printed.
     */
    public static Finished run(Class<?> mainClass, Map<String, String> env, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder pb = builder(mainClass, List.of(args));
        pb.environment().putAll(env);
        pb.environment().remove("TMUX");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(mainClass.getSimpleName() + " " + String.join(" ", args)
                    + " did not end: " + out);
        }
        return new Finished(p.exitValue(), out);
    }

    public static Process start(Class<?> mainClass, Map<String, String> env, File log, String... args)
            throws IOException {
        ProcessBuilder pb = builder(mainClass, List.of(args));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(log));
        return pb.start();
    }
}
