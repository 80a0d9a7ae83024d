package io.aiswarm.agent;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <swarm dir>/agents/<worker>.task} holds the task an agent worker is on, so that its hooks (plain shell)
 * can name the task in the status lines they write.
 */
public final class AgentTaskMarker {
    private final Path dir;

    public AgentTaskMarker(Path swarmDir) {
        this.dir = swarmDir.resolve("agents");
    }

    public Path file(String workerId) {
        return dir.resolve(workerId + ".task");
    }

    public void set(String workerId, String taskId) {
        TextFiles.replace(file(workerId), taskId + "\n");
    }

    public void clear(String workerId) {
        try {
            Files.deleteIfExists(file(workerId));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(file(workerId) + ": cannot delete: " + e.getMessage(), e);
        }
    }

    public String get(String workerId) {
        return TextFiles.readOrEmpty(file(workerId)).strip();
    }
}
