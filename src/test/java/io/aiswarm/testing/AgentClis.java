package io.aiswarm.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the real agent CLIs that bin/install-agent-clis installed: $AI_SWARM_AGENT_CLIS (the npm prefix), else
 * ~/.cache/ai-swarm/agent-clis, else PATH.
 */
public final class AgentClis {
    private AgentClis() {
    }

    /** The executable, when it is installed and answers {@code --version}. */
    public static Optional<Path> find(String executable) {
        return locate(executable).filter(AgentClis::runs);
    }

    private static boolean runs(Path exe) {
        try {
            Process p = new ProcessBuilder(exe.toString(), "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Path> locate(String executable) {
        String prefix = System.getenv().getOrDefault("AI_SWARM_AGENT_CLIS", "");
        if (!prefix.isBlank()) {
            Path p = Path.of(prefix, "node_modules", ".bin", executable);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "ai-swarm", "agent-clis", "node_modules", ".bin",
                executable);
        if (Files.isExecutable(cache)) return Optional.of(cache);
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    public static String skipMessage(String executable) {
        return executable + " is not installed or does not run (`" + executable + " --version`): run bin/install-agent-clis (npm install of the real CLIs), or set "
                + "AI_SWARM_AGENT_CLIS to its npm prefix; the real-CLI suite is skipped";
    }
}
