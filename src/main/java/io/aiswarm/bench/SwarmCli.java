package io.aiswarm.bench;

import io.aiswarm.master.SwarmSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code swarm ARGS} in a separate JVM as a user would: through bin/swarm when the benchmark was started by
 * it ($AI_SWARM_LAUNCHER: its class-data archive and JIT choice included), else the way bin/swarm does (same class
 * path as this JVM, the launcher's default JVM options). A figure so includes what a user pays: JVM start, class
 * loading, its own tmux client.
 */
final class SwarmCli {
    /** bin/swarm's default AI_SWARM_JAVA_OPTS. */
    static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:+IgnoreUnrecognizedVMOptions");
    private static final String MAIN = "io.aiswarm.cli.SwarmMain";

    private SwarmCli() {
    }

    static ProcessBuilder builder(Map<String, String> env, Path output, String... args) {
        List<String> command = new ArrayList<>();
        String launcher = System.getenv().getOrDefault(SwarmSession.ENV_LAUNCHER, "");
        if (!launcher.isEmpty() && Files.isExecutable(Path.of(launcher))) {
            command.add(launcher);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(LAUNCHER_JVM_OPTIONS);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(MAIN);
        }
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(output.toFile()));
        pb.environment().remove("TMUX");
        pb.environment().remove("TMUX_PANE");
        pb.environment().putAll(env);
        return pb;
    }

    static Process start(Map<String, String> env, Path output, String... args) {
        try {
            return builder(env, output, args).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for swarm " + String.join(" ", args), e);
        }
    }

    /** Milliseconds from start to exit of one `swarm ARGS`; a non-zero exit (or over 120 s) fails the benchmark. */
    static double runMillis(Map<String, String> env, Path out, String... args) throws InterruptedException {
        long start = System.nanoTime();
        Process p = SwarmCli.start(env, out, args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("swarm " + String.join(" ", args) + " took over 120 s");
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (p.exitValue() != 0) {
            throw new IllegalStateException("swarm " + String.join(" ", args) + " exited " + p.exitValue()
                    + (out == null ? "" : ": " + IdleCostBench.tail(out)));
        }
        return ms;
    }

    /** Ends a child started here: SIGTERM (its shutdown hook detaches from tmux), then SIGKILL after 10 s. */
    static void stop(Process process) {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
