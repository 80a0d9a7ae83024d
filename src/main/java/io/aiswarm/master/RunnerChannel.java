package io.aiswarm.master;

import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.PaneNotStartedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Hands an attempt to a worker's running {@link ExecRunner} through its FIFO: one line "task attempt tag", shorter than
 * PIPE_BUF, so it arrives whole or not at all. The FIFO is opened read-write (never blocks, even with no reader)
 * and without following links; the runner keeps its own read-write descriptor, so a line waits there until read.
 */
final class RunnerChannel {
    private final SwarmPaths paths;

    RunnerChannel(SwarmPaths paths) {
        this.paths = paths;
    }

    /**
     * True when the pane's runner can take a task now: it runs (a runner of this swarm), its FIFO is there, and it
     * has no child left (a cancelled task that ignored Ctrl-C keeps it busy: the pane is then restarted instead).
     */
    boolean ready(AgentPane pane) {
        return pane != null && !pane.dead() && ExecRunner.isRunner(pane, paths) && isFifo(ExecRunner.fifo(paths,
                pane.workerId())) && !hasChildren(pane.pid());
    }

    /** Writes the attempt's line; a failure means the line was not written (the attempt was not handed over). */
    void send(String workerId, TaskInfo task) {
        Path fifo = ExecRunner.fifo(paths, workerId);
        byte[] line = (task.taskId() + " " + task.attempts() + " " + ExecRunner.tag(task) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            if (ch.write(ByteBuffer.wrap(line)) != line.length) {
                throw new IOException("short write"); // cannot happen below PIPE_BUF
            }
        } catch (IOException e) {
            throw new PaneNotStartedException("cannot hand task " + task.taskId() + " to the runner of " + workerId
                    + " through " + fifo + ": " + e, e);
        }
    }

    private static boolean isFifo(Path fifo) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attrs.isOther();
        } catch (IOException e) {
            return false;
        }
    }

    /** From /proc/PID/task/PID/children (one small file), else by walking the process table. */
    static boolean hasChildren(long pid) {
        Path children = Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children");
        try {
            return !Files.readString(children, StandardCharsets.US_ASCII).isBlank();
        } catch (NoSuchFileException e) {
            return ProcessHandle.of(pid).map(p -> p.children().findAny().isPresent()).orElse(false);
        } catch (IOException e) {
            return true;
        }
    }
}
