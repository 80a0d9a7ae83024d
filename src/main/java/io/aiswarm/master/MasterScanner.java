package io.aiswarm.master;

import io.aiswarm.state.LockInfo;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLog;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.tmux.AgentPane;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Builds a {@link WorkerStatus} for every worker of the cluster from the status log (read incrementally), the
 * task locks and the panes. Only known workers appear: the panes of the session (plus owners of live locks
 * whose pane is gone, so a dead worker shows), or the explicit list given. Lines of "master" or of tools
 * never create a worker. Not thread-safe: one owner, like its {@link StatusFollower}.
 *
 * <p>The master's scanner follows the log (each scan reads only the new lines, and reports them as events). A
 * status scanner ({@code createStatusScanner}, for one-off views like `swarm status`) instead reads each worker's
 * last line from the end of the log at every scan, and reports no events.
 */
public final class MasterScanner implements AutoCloseable {
    /** How many pane lines a scan captures when asked for them (what the rescuer looks at). */
    public static final int SCREEN_LINES = 20;

    private final StatusLog log;
    private final boolean follow; // false: a status scanner, reading the log's tail
    private StatusFollower follower; // opened at the first scan
    /** Events read by {@link #pollAhead} for the next scan. */
    private final List<StatusEvent> ahead = new ArrayList<>();
    private Supplier<Instant> replaySince; // null: the first scan reads the whole log
    private final TaskLockManager locks;
    private final WorkerPanes panes;
    private final List<String> explicitWorkers;
    private final Clock clock;
    private final Duration pollInterval;
    private Duration cpuSampleEvery = Duration.ZERO;

    private final Map<String, Long> lastCpu = new HashMap<>();
    private Map<String, Long> lastCpuDelta = Map.of();
    private Instant lastCpuSample = Instant.MIN;

    private MasterScanner(StatusLog log, TaskLockManager locks, WorkerPanes panes, List<String> explicitWorkers,
                          Clock clock, Duration pollInterval, boolean follow) {
        this.log = log;
        this.follow = follow;
        this.locks = locks;
        this.panes = panes;
        this.explicitWorkers = explicitWorkers == null ? null : List.copyOf(explicitWorkers);
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /** Workers are the panes of the session; poll interval from AI_SWARM_POLL_INTERVAL. */
    public static MasterScanner createScanner(SwarmConfig config, StatusLog log, TaskLockManager locks,
                                              WorkerPanes panes, Clock clock) {
        return new MasterScanner(log, locks, panes, null, clock, config.pollInterval(), true);
    }

    /** Workers are exactly {@code workers}; no pane information (tests, or no tmux). */
    public static MasterScanner createScanner(StatusLog log, TaskLockManager locks, List<String> workers,
                                              Clock clock, Duration pollInterval) {
        return new MasterScanner(log, locks, null, workers, clock, pollInterval, true);
    }

    /** A status scanner of the session's panes: each scan reads the workers' last lines from the log's end. */
    public static MasterScanner createStatusScanner(SwarmConfig config, StatusLog log, TaskLockManager locks,
                                                    WorkerPanes panes, Clock clock) {
        return new MasterScanner(log, locks, panes, null, clock, config.pollInterval(), false);
    }

    /** A status scanner of exactly {@code workers}, without pane information. */
    public static MasterScanner createStatusScanner(SwarmConfig config, StatusLog log, TaskLockManager locks,
                                                    List<String> workers, Clock clock) {
        return new MasterScanner(log, locks, null, workers, clock, config.pollInterval(), false);
    }

    /**
     * CPU progress comes from walking each pane's process tree in /proc: costly with many panes, and only
     * needed for status and stuck detection. A long-lived scanner (the master's) samples it this often and
     * reuses the sample in between; by default every scan samples (swarm status compares two scans).
     */
    public void sampleCpuEvery(Duration every) {
        this.cpuSampleEvery = every;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * The first scan reads the log only from {@code since.get()} on (and each known worker's last line), instead of
     * from its start: the master's start then costs what the recent part of the log costs, whatever its length.
     */
    public void replayFrom(Supplier<Instant> since) {
        this.replaySince = since;
    }

    private StatusFollower openFollower(Map<String, AgentPane> paneMap) {
        if (replaySince == null) return log.follow();
        TreeSet<String> workers = new TreeSet<>(WorkerIds.ORDER);
        if (paneMap != null) {
            workers.addAll(paneMap.keySet());
            for (LockInfo lock : locks.list()) workers.add(lock.workerId());
        } else {
            workers.addAll(explicitWorkers);
        }
        return log.follow(replaySince.get(), workers);
    }

    /** True once a scan opened the log's follower (see {@link #pollAhead}). */
    public boolean followsLog() {
        return follower != null;
    }

    /**
     * Reads the lines appended to the log since the last scan (or look ahead) now; the next scan returns them with its
     * own. Empty when this scanner does not follow the log.
     */
    public List<StatusEvent> pollAhead() {
        if (follower == null) return List.of();
        List<StatusEvent> more = follower.poll();
        ahead.addAll(more);
        return more;
    }

    /** True when the scanner sees panes, so a missing pane means a dead worker. */
    public boolean hasPaneInfo() {
        return panes != null;
    }

    /** The status of every known worker, sorted by worker id. */
    public Map<String, WorkerStatus> scanAll() {
        return scan(false).workers();
    }

    /**
     * One scan. The panes are read before the log, so a pane seen finished has already appended its last line
     * and this scan's events contain it.
     */
    public Scan scan(boolean withLastLines) {
        Instant now = clock.instant();
        Map<String, AgentPane> paneMap = null;
        Map<String, String> screens = Map.of();
        boolean sampleCpu = lastCpuSample.equals(Instant.MIN) || !now.isBefore(lastCpuSample.plus(cpuSampleEvery));
        if (panes != null) {
            paneMap = new LinkedHashMap<>();
            for (AgentPane pane : panes.panes(sampleCpu)) {
                // between samples a running pane shows its last sampled CPU time
                if (!sampleCpu && !pane.dead()) pane = pane.withCpu(lastCpu.getOrDefault(pane.workerId(), 0L));
                paneMap.put(pane.workerId(), pane);
            }
            if (withLastLines) screens = panes.captureAll(SCREEN_LINES);
        }
        if (follow && follower == null) follower = openFollower(paneMap);
        List<StatusEvent> events = follower == null ? List.of() : follower.poll();
        if (!ahead.isEmpty()) {
            List<StatusEvent> all = new ArrayList<>(ahead);
            all.addAll(events);
            events = all;
            ahead.clear();
        }
        Map<String, Long> cpuDelta = lastCpuDelta;
        if (paneMap != null && sampleCpu) {
            lastCpuSample = now;
            cpuDelta = new HashMap<>();
            for (AgentPane pane : paneMap.values()) {
                Long before = lastCpu.put(pane.workerId(), pane.cpuMillis());
                cpuDelta.put(pane.workerId(), before == null ? 0 : Math.max(0, pane.cpuMillis() - before));
            }
            lastCpuDelta = cpuDelta;
        }
        Scan partial = new Scan(now, paneMap, screens, cpuDelta, events, Map.of());
        return new Scan(now, paneMap, screens, cpuDelta, events, statuses(partial));
    }

    /** Statuses for a scan's panes with the locks read again now (after the master released some). */
    public Map<String, WorkerStatus> statuses(Scan scan) {
        Map<String, LockInfo> liveLockByWorker = new HashMap<>();
        Instant now = clock.instant();
        for (LockInfo lock : locks.list()) {
            if (!lock.isExpired(now)) liveLockByWorker.merge(lock.workerId(), lock,
                    (a, b) -> a.heartbeatAt().isAfter(b.heartbeatAt()) ? a : b);
        }
        TreeSet<String> ids = new TreeSet<>(WorkerIds.ORDER);
        if (scan.panes() != null) {
            ids.addAll(scan.panes().keySet());
            ids.addAll(liveLockByWorker.keySet());
        } else {
            ids.addAll(explicitWorkers);
        }
        Map<String, StatusEvent> last = !follow ? log.lastEvents(ids) : follower.lastByWorker();
        Map<String, WorkerStatus> result = new TreeMap<>(WorkerIds.ORDER);
        for (String id : ids) {
            result.put(id, status(id, last.get(id), liveLockByWorker.get(id), scan));
        }
        return Collections.unmodifiableMap(result);
    }

    private WorkerStatus status(String id, StatusEvent line, LockInfo lock, Scan scan) {
        PaneState paneState = scan.paneState(id);
        AgentPane pane = scan.panes() == null ? null : scan.panes().get(id);
        Instant heartbeat = null;
        // a pane that exists, or a worker the caller declared, is alive now
        boolean declared = scan.panes() == null && explicitWorkers.contains(id);
        if (paneState == PaneState.ALIVE || paneState == PaneState.FINISHED || declared) heartbeat = scan.at();
        if (lock != null) heartbeat = latest(heartbeat, lock.heartbeatAt());
        if (line != null) heartbeat = latest(heartbeat, line.ts());
        return new WorkerStatus(id, line == null ? null : line.state(), line == null ? "" : line.taskId(),
                line == null ? null : line.ts(), line == null ? "" : line.message(), lock != null, heartbeat,
                paneState, pane == null ? 0 : pane.cpuMillis(), scan.cpuDelta().getOrDefault(id, 0L),
                scan.screens().get(id));
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    /** Releases the status log reader. */
    @Override
    public void close() {
        if (follower != null) follower.close();
    }

    /**
     * The result of one scan.
     *
     * @param panes   worker panes by worker id, or null when the scanner has no pane information
     * @param screens last lines per worker when asked for, otherwise empty
     * @param events  status lines appended since the previous scan, in log order (none for a status scanner)
     */
    public record Scan(Instant at, Map<String, AgentPane> panes, Map<String, String> screens,
                       Map<String, Long> cpuDelta, List<StatusEvent> events, Map<String, WorkerStatus> workers) {
        public PaneState paneState(String workerId) {
            if (panes == null) return PaneState.UNKNOWN;
            AgentPane pane = panes.get(workerId);
            if (pane == null) return PaneState.GONE;
            return pane.dead() ? PaneState.FINISHED : PaneState.ALIVE;
        }
    }
}
