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

    public static Process start(Class<?> mainClass, Map<String, String> env, File log, String... args)
            throws IOException {
        ProcessBuilder pb = builder(mainClass, List.of(args));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(log));
        return pb.start();
    }
}
