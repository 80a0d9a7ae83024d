package io.aiswarm.master;

import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The files an exec task's pane runs: {@code run/<task>.<attempt>.sh} (the script) and {@code run/<task>.<attempt>.cmd}
 * (the command, as written). Files rather than arguments: a command of any size runs (one argument is limited to
 * 128 KiB), and the pane's start command stays short. Private (0600), written without following links, removed
 * when the attempt ends.
 */
final class RunFiles {
    static final Duration LEFTOVER_AGE = Duration.ofHours(1);
    private final SwarmPaths paths;

    RunFiles(SwarmPaths paths) {
        this.paths = paths;
    }

    Path dir() {
        return paths.runDir();
    }

    Path script(TaskInfo task) {
        return dir().resolve(task.taskId() + "." + task.attempts() + ".sh");
    }

    Path command(TaskInfo task) {
        return dir().resolve(task.taskId() + "." + task.attempts() + ".cmd");
    }

    /**
     * The runner's claim on this delivery of the attempt (created only if absent, by the runner or by the master
     * revoking it); see {@link ExecRunner#tag}.
     */
    Path claim(TaskInfo task) {
        return dir().resolve(task.taskId() + "." + task.attempts() + "." + ExecRunner.tag(task) + ".claim");
    }

    /**
     * Makes sure a runner never starts this attempt: creates its claim (O_EXCL) first. True when the master's claim
     * won (the attempt provably never started, nor will), false when a runner had claimed it.
     */
    boolean revoke(TaskInfo task) {
        try {
            SwarmDir.ensureSubdir(dir());
            return SafeFiles.createNew(claim(task), new byte[0], SafeFiles.Sync.PROCESS_CRASH_SAFE);
        } catch (IOException e) {
            throw new SwarmStateException("cannot revoke attempt " + task.attempts() + " of task " + task.taskId()
                    + " in " + dir() + ": " + e, e);
        }
    }

    /** Writes both files of this attempt; returns the script. */
    Path write(TaskInfo task, String workerId, boolean waitForPipe) {
        return write(task, command -> ExecTaskScript.build(task, workerId, paths, command, waitForPipe));
    }

    /** Writes the command file, then the script {@code scriptOf} makes for it; returns the script. */
    Path write(TaskInfo task, java.util.function.Function<Path, String> scriptOf) {
        SwarmDir.ensureSubdir(dir());
        Path command = command(task);
        Path script = script(task);
        try {
            SafeFiles.writeAtomically(command, task.command().getBytes(StandardCharsets.UTF_8),
                    SafeFiles.Sync.PROCESS_CRASH_SAFE);
            SafeFiles.writeAtomically(script, scriptOf.apply(command).getBytes(StandardCharsets.UTF_8),
                    SafeFiles.Sync.PROCESS_CRASH_SAFE);
        } catch (IOException e) {
            throw new SwarmStateException("cannot write the run files of task " + task.taskId() + " in " + dir() + ": "
                    + e, e);
        }
        return script;
    }

    /**
     * Removes this attempt's script and command (its pane may still read them: the shell holds them open), and keeps
     * its claim for {@link #removeEndedClaims}: an ended attempt is never delivered or revoked again, so its claim is
     * litter, but removing it at once would make every file the swarm creates in the next half minute dearer on a
     * filesystem that keeps recently deleted inodes from reuse (docs/runner.md, Cost). Past {@link #MAX_ENDED_CLAIMS}
     * they go at once.
     */
    void remove(TaskInfo task) {
        try {
            Files.deleteIfExists(script(task));
            Files.deleteIfExists(command(task));
        } catch (IOException ignored) {
            // litter only; the start-up sweep removes it
        }
        endedClaims.add(claim(task));
        if (endedClaims.size() >= MAX_ENDED_CLAIMS) removeEndedClaims();
    }

    static final int MAX_ENDED_CLAIMS = 5_000;
    private final List<Path> endedClaims = new ArrayList<>();

    /** Removes the claims of the attempts that ended since the last call (when the swarm is quiet). */
    void removeEndedClaims() {
        for (Path claim : endedClaims) {
            try {
                Files.deleteIfExists(claim);
            } catch (IOException ignored) {
                // litter only; the start-up sweep removes it
            }
        }
        endedClaims.clear();
    }

    /**
     * Removes the files of tasks not in {@code active} that are older than {@link #LEFTOVER_AGE} (left by a master that
     * stopped): a younger one may belong to a delivery another master is making right now.
     */
    void sweep(Set<String> active) {
        if (!Files.isDirectory(dir())) return;
        long cutoff = System.currentTimeMillis() - LEFTOVER_AGE.toMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                // the runners' own files and channels live as long as their panes
                if (name.equals(ExecRunner.SCRIPT) || name.equals(ExecRunner.OUTPUT_PROGRAM)
                        || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(file)) {
                    continue;
                }
                int dot = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
                boolean old = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff;
                if (old && (dot <= 0 || !active.contains(name.substring(0, dot)))) Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // litter only
        }
    }
}
