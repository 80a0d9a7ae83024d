package io.aiswarm.agent;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <swarm dir>/agents/<worker>.task} holds the task an agent worker is on, so that its hooks (plain shell)
 * can name the task in the status lines they write; {@code <worker>.pane} the pid of the pane's process (the agent)
 * that was given the task, so a restarted agent's pane is not mistaken for it; {@code <worker>.context} the pid of the
 * agent that holds an earlier task's conversation (kept after the task ends: the next task clears it first).
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

    /** The agent process {@code pid} (0 when unknown) holds a task's conversation now. */
    public void setContext(String workerId, long pid) {
        TextFiles.replace(dir.resolve(workerId + ".context"), Math.max(0, pid) + "\n");
    }

    /** The pid recorded by {@link #setContext} (0: unknown); -1 when no agent of this worker holds one. */
    public long context(String workerId) {
        String text = TextFiles.readOrEmpty(dir.resolve(workerId + ".context")).strip();
        try {
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
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
