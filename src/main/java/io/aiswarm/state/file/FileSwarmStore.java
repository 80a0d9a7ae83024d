package io.aiswarm.state.file;

import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.WorkerClaims;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The file store: one swarm directory holding the queue (tasks.json), task locks (locks/), the status log (status.log,
 * which is also the workers' inbox), the master lease (master.lock), the worker claims (claims/) and, watching those
 * files, the change feed.
 * {@link #open} creates the directory (0700) and its sub-directories, refusing unsafe ones.
 */
public final class FileSwarmStore implements SwarmStore {
    private final SwarmPaths paths;
    private final SwarmDir.Checked dir;
    private final FileTaskQueue queue;
    private final FileTaskLockManager locks;
    private final FileStatusLog statusLog;
    private final StatusBroadcaster broadcaster;
    private final FileMasterLeases lease;
    private final FileWorkerClaims workerClaims;
    private final FileChangeFeed changes;

    private FileSwarmStore(SwarmPaths paths, SwarmDir.Checked dir, long lockTtl, Clock clock) {
        this.paths = paths;
        this.dir = dir;
        this.queue = new FileTaskQueue(paths.tasksFile(), clock);
        this.locks = new FileTaskLockManager(paths.locksDir(), lockTtl, clock);
        this.statusLog = new FileStatusLog(paths.statusLog());
        this.broadcaster = new StatusBroadcaster(statusLog, clock);
        this.lease = new FileMasterLeases(paths.masterLock());
        this.workerClaims = new FileWorkerClaims(paths.claimsDir());
        this.changes = new FileChangeFeed(List.of(paths.statusLog(), paths.tasksFile()));
    }

    public static FileSwarmStore open(SwarmConfig config, Clock clock) {
        SwarmPaths paths = config.paths();
        SwarmDir.Checked dir = SwarmDir.ensure(paths.root());
        SwarmDir.ensureSubdir(paths.locksDir());
        SwarmDir.ensureSubdir(paths.resultsDir());
        SafeFiles.removeStaleTemps(paths.root(), Duration.ofMinutes(10));
        SafeFiles.removeStaleTemps(paths.locksDir(), Duration.ofMinutes(10));
        return new FileSwarmStore(paths, dir, config.lockTtlSeconds(), clock);
    }

    public SwarmPaths paths() {
        return paths;
    }

    /** What was found or created when opening: the directory, its mode and owner. */
    public SwarmDir.Checked directory() {
        return dir;
    }

    @Override
    public FileTaskQueue queue() {
        return queue;
    }

    @Override
    public FileTaskLockManager locks() {
        return locks;
    }

    @Override
    public FileStatusLog statusLog() {
        return statusLog;
    }

    public StatusBroadcaster broadcaster() {
        return broadcaster;
    }

    @Override
    public MasterLeases masterLease() {
        return lease;
    }

    @Override
    public WorkerClaims workerClaims() {
        return workerClaims;
    }

    @Override
    public ChangeFeed changes() {
        return changes;
    }

    @Override
    public Optional<SwarmPaths> localFiles() {
        return Optional.of(paths);
    }

    @Override
    public String describe() {
        return paths.root().toString();
    }

    /** Nothing stays open between calls: every operation opens and closes its files. */
    @Override
    public void close() {
    }
}
