package io.aiswarm.agent;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <swarm dir>/agents/<worker>.task} holds the task an agent worker is on, so that its hooks (plain shell)
 * can name the task in the status lines they write; {@code <worker>.pane} the pid of the pane's process (the agent)
 * that was given the task, so a restarted agent's pane is not mistaken for it.
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

    /** Records the pid of the pane's process the worker's task was delivered to: the agent that has its turn. */
    public void setPane(String workerId, long pid) {
        TextFiles.replace(dir.resolve(workerId + ".pane"), pid + "\n");
    }

    /** The pid recorded by {@link #setPane}; -1 when none is (a marker of an older version). */
    public long pane(String workerId) {
        try {
            return Long.parseLong(TextFiles.readOrEmpty(dir.resolve(workerId + ".pane")).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public void clear(String workerId) {
        try {
            Files.deleteIfExists(dir.resolve(workerId + ".pane"));
            Files.deleteIfExists(file(workerId));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(file(workerId) + ": cannot delete: " + e.getMessage(), e);
        }
    }

    public String get(String workerId) {
        return TextFiles.readOrEmpty(file(workerId)).strip();
    }
}
