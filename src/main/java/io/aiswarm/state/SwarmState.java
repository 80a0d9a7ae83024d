package io.aiswarm.state;

import java.time.Clock;
import java.time.Duration;

/**
 * The file-backed state of one swarm: its checked directory, queue, locks and status log.
 * {@link #open} creates the directory (0700) and its sub-directories, refusing unsafe ones.
 */
public final class SwarmState {
    private final SwarmPaths paths;
    private final SwarmDir.Checked dir;
    private final FileTaskQueue queue;
    private final FileTaskLockManager locks;
    private final FileStatusLog statusLog;
    private final StatusBroadcaster broadcaster;

    private SwarmState(SwarmPaths paths, SwarmDir.Checked dir, long lockTtl, Clock clock) {
        this.paths = paths;
        this.dir = dir;
        this.queue = new FileTaskQueue(paths.tasksFile(), clock);
        this.locks = new FileTaskLockManager(paths.locksDir(), lockTtl, clock);
        this.statusLog = new FileStatusLog(paths.statusLog());
        this.broadcaster = new StatusBroadcaster(statusLog, clock);
    }

    public static SwarmState open(SwarmConfig config, Clock clock) {
        SwarmPaths paths = config.paths();
        SwarmDir.Checked dir = SwarmDir.ensure(paths.root());
        SwarmDir.ensureSubdir(paths.locksDir());
        SwarmDir.ensureSubdir(paths.resultsDir());
        SafeFiles.removeStaleTemps(paths.root(), Duration.ofMinutes(10));
        SafeFiles.removeStaleTemps(paths.locksDir(), Duration.ofMinutes(10));
        return new SwarmState(paths, dir, config.lockTtlSeconds(), clock);
    }

    public SwarmPaths paths() {
        return paths;
    }

    /** What was found or created when opening: the directory, its mode and owner. */
    public SwarmDir.Checked directory() {
        return dir;
    }

    public FileTaskQueue queue() {
        return queue;
    }

    public FileTaskLockManager locks() {
        return locks;
    }

    public FileStatusLog statusLog() {
        return statusLog;
    }

    public StatusBroadcaster broadcaster() {
        return broadcaster;
    }
}
