package io.aiswarm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code swarm …} in-process against a swarm directory of the test's own, capturing output. */
final class CliRun {
    record Result(int exit, String out, String err) {
    }

    private final Map<String, String> env = new HashMap<>();

    CliRun(Path swarmDir) {
        env.put("AI_SWARM_DIR", swarmDir.toString());
        env.put("HOME", System.getProperty("user.home"));
    }

    CliRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SwarmMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        ClusterOptions.environmentOverride = Map.copyOf(env);
        try {
            int exit = cmd.execute(args);
            return new Result(exit, out.toString(), err.toString());
        } finally {
            ClusterOptions.environmentOverride = null;
        }
    }
}
