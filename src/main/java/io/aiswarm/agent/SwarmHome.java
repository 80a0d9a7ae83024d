package io.aiswarm.agent;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where AI Swarm is installed (the directory holding bin/swarm), for profiles that run a script it ships. */
public final class SwarmHome {
    private SwarmHome() {
    }

    /** From $AI_SWARM_LAUNCHER (set by bin/swarm), else from the jar's location (target/ai-swarm.jar), else cwd. */
    public static Path locate(Map<String, String> env) {
        String launcher = env.getOrDefault("AI_SWARM_LAUNCHER", "");
        if (!launcher.isBlank()) {
            Path bin = Path.of(launcher).toAbsolutePath().getParent();
            if (bin != null && bin.getParent() != null) return bin.getParent();
        }
        try {
            Path code = Path.of(SwarmHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("bin").resolve("swarm"))) return p;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
