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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Hands an attempt to a worker's running {@link ExecRunner} through its FIFO: one line "task attempt tag", with the
 * attempt's files in run/, or, when the whole attempt fits, "task attempt tag" and its variables and command
 * ({@link #inlineLine}: no file for the attempt at all). A line is at most PIPE_BUF bytes, so it arrives whole or not at
 * all. The FIFO is opened read-write (never blocks, even with no reader) and without following links; the runner keeps
 * its own read-write descriptor, so a line waits there until read.
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

    /** Hands over an attempt whose files are in run/ (see {@link RunFiles}). */
    void send(String workerId, TaskInfo task) {
        send(workerId, task, (header(task) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes the attempt's line; a failure means the line was not written (the attempt was not handed over). */
    void send(String workerId, TaskInfo task, byte[] line) {
        Path fifo = ExecRunner.fifo(paths, workerId);
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

    /** The most a FIFO line may hold and still be written in one piece (POSIX PIPE_BUF, 4096 on Linux). */
    static final int PIPE_BUF = 4096;

    /**
     * The line that carries a whole attempt: "task attempt tag" and, space-separated, the {@code values} (see
     * {@link ExecTaskScript#runnerValues}) and the command, each as "x" and its bytes with every byte outside
     * [A-Za-z0-9/._,:=+@-] written \xHH (the runner decodes them with bash's printf %b, no process and no eval).
     * Empty when it would exceed {@link #PIPE_BUF} or the command holds a byte a shell variable cannot carry
     * (NUL, and bash's internal quoting bytes 0x01 and 0x7f): that attempt goes through files.
     */
    static Optional<byte[]> inlineLine(TaskInfo task, List<String> values) {
        byte[] command = task.command().getBytes(StandardCharsets.UTF_8);
        for (byte b : command) if (b == 0 || b == 1 || b == 0x7f) return Optional.empty();
        StringBuilder line = new StringBuilder(header(task));
        for (String value : values) field(line, value.getBytes(StandardCharsets.UTF_8));
        field(line, command);
        line.append('\n');
        if (line.length() > PIPE_BUF) return Optional.empty();
        return Optional.of(line.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static String header(TaskInfo task) {
        return task.taskId() + " " + task.attempts() + " " + ExecRunner.tag(task);
    }

    private static void field(StringBuilder line, byte[] bytes) {
        line.append(" x");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "/._,:=+@-".indexOf(c) >= 0)) {
                line.append((char) c);
            } else {
                line.append("\\x").append(HexFormat.of().toHexDigits(b));
            }
            if (line.length() > PIPE_BUF) return; // too long whatever follows
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
