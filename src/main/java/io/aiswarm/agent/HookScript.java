package io.aiswarm.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one shell script every agent hook runs ({@code <swarm dir>/hooks/ai-swarm-hook.sh}): it appends a status line
 * to the swarm's status.log. The task id comes from {@code <swarm dir>/agents/<worker>.task}, which the swarm
 * writes before it types a prompt ({@link AgentTaskMarker}).
 */
public final class HookScript {
    public static final String FILE_NAME = "ai-swarm-hook.sh";

    private HookScript() {
    }

    public static Path path(Path swarmDir) {
        return swarmDir.resolve("hooks").resolve(FILE_NAME);
    }

    /** Writes (or refreshes) the script, executable, and returns its path. */
    public static Path install(Path swarmDir) {
        Path script = path(swarmDir);
        TextFiles.replace(script, TextFiles.resource(FILE_NAME));
        try {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IllegalArgumentException(script + ": cannot make it executable: " + e.getMessage(), e);
        }
        return script;
    }

    /** The shell command an agent runs for one event, e.g. {@code sh '/s/hooks/ai-swarm-hook.sh' claude Stop DONE}. */
    public static String command(Path script, String agent, String event, String state) {
        return "sh " + shellQuote(script.toAbsolutePath().toString()) + " " + agent + " " + event + " " + state;
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
