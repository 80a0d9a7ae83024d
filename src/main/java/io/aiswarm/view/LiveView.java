package io.aiswarm.view;

import io.aiswarm.master.MasterListener;
import io.aiswarm.master.PaneState;
import io.aiswarm.master.WorkerPanes;
import io.aiswarm.master.WorkerStatus;
import io.aiswarm.master.WorkspaceSummary;
import io.aiswarm.workspace.GitException;
import io.aiswarm.workspace.Repository;
import io.aiswarm.workspace.TaskReview;
import io.aiswarm.workspace.TaskWorkspace;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.TreeMap;
import io.aiswarm.state.WorkerIds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The view the master keeps of itself: each round's worker statuses and status lines arrive through
 * {@link #observed}, on the master's thread, and cost a comparison unless something changed. Readers (HTTP and
 * socket threads) get immutable snapshots and wait on the change signal. Queries that are not part of a round (the
 * task list, a result log, a pane's text) are read when asked.
 */
public final class LiveView implements SwarmView, MasterListener {
    /** Status events kept for clients that reconnect (and for the page's "recent events"). */
    static final int KEPT_EVENTS = 500;

    private final String cluster;
    private final TaskQueue queue;
    private final SwarmPaths paths;
    private final WorkerPanes panes;
    private final Supplier<String> master;
    private final Clock clock;
    private final ArrayDeque<ViewEvent> events = new ArrayDeque<>();
    /**
     * Event numbers start at this master's start time in microseconds: a client that resumes with an id from an
     * earlier master (a smaller number) is told it missed events instead of being given wrong ones.
     */
    private long nextSeq;
    private List<WorkerKey> lastKeys = List.of();
    private volatile ViewSnapshot snapshot;
    /** The repository the tasks' worktrees belong to; null when the swarm runs without worktrees. */
    private volatile Repository repo;

    /**
     * @param master who the active master is, asked once at its first round (when it holds the lease)
     * @param panes  for a pane's text on demand; null without tmux
     */
    public LiveView(String cluster, TaskQueue queue, SwarmPaths paths, WorkerPanes panes, Supplier<String> master,
                    Clock clock) {
        this.cluster = cluster;
        this.queue = queue;
        this.paths = paths;
        this.panes = panes;
        this.master = master;
        this.clock = clock;
        Instant now = clock.instant();
        this.nextSeq = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000 + 1;
        this.snapshot = new ViewSnapshot(0, now, cluster, null, Map.of(), Map.of(), 0);
    }

    /** The swarm's tasks run in worktrees of this repository: the views show branches, integration and diffs. */
    public LiveView workspaces(Repository repository) {
        this.repo = repository;
        return this;
    }

    @Override
    public void observed(Map<String, WorkerStatus> workers, List<StatusEvent> newEvents) {
        List<WorkerKey> keys = workers.values().stream().map(WorkerKey::of).toList();
        Map<TaskStatus, Integer> totals = queue.countByStatus();
        // a merge changes no total and writes no status line: its integration states count as a change
        WorkspaceSummary work = repo == null ? null : WorkspaceSummary.of(queue.list());
        ViewSnapshot before = snapshot;
        boolean changed = !newEvents.isEmpty() || !keys.equals(lastKeys) || !totals.equals(before.queue())
                || before.master() == null || !java.util.Objects.equals(work, before.work());
        if (!changed) return;
        long lastSeq;
        synchronized (this) {
            // the first round reads the whole log: only its end is kept
            for (StatusEvent e : newEvents.subList(Math.max(0, newEvents.size() - KEPT_EVENTS), newEvents.size())) {
                events.addLast(new ViewEvent(nextSeq++, e));
                if (events.size() > KEPT_EVENTS) events.removeFirst();
            }
            lastSeq = events.isEmpty() ? 0 : events.peekLast().seq();
            lastKeys = keys;
            String holder = before.master() != null ? before.master() : master.get();
            Map<String, WorkerStatus> sorted = new TreeMap<>(WorkerIds.ORDER); // worker-2 before worker-10
            sorted.putAll(workers);
            snapshot = new ViewSnapshot(before.version() + 1, clock.instant(), cluster, holder,
                    Collections.unmodifiableMap(sorted), totals, lastSeq, work);
            notifyAll();
        }
    }

    /** From the queue as it is now, and the roster of the swarm's workers. */
    @Override
    public io.aiswarm.master.QueueNotes queueNotes() {
        return io.aiswarm.master.QueueNotes.read(queue, snapshot.queue(),
                io.aiswarm.state.WorkerRoster.read(paths.root()));
    }

    @Override
    public ViewSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public synchronized long awaitChange(long version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (snapshot.version() <= version) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            wait(Math.max(1, left / 1_000_000));
        }
        return snapshot.version();
    }

    @Override
    public synchronized EventBatch eventsAfter(long seq) {
        List<ViewEvent> after = new ArrayList<>();
        for (ViewEvent e : events) if (e.seq() > seq) after.add(e);
        // complete when nothing between seq and the first kept event was dropped
        boolean complete = seq == 0 || events.isEmpty() || seq >= events.peekFirst().seq() - 1;
        return new EventBatch(after, complete);
    }

    @Override
    public List<TaskInfo> tasks() {
        return queue.list();
    }

    @Override
    public Optional<TaskInfo> task(String taskId) {
        return queue.get(taskId);
    }

    @Override
    public Optional<String> resultTail(String taskId, int maxBytes) {
        // only a task of the queue: its id passed the queue's rules, so it names a file inside results/
        if (queue.get(taskId).isEmpty()) return Optional.empty();
        try (FileChannel ch = FileChannel.open(paths.resultLog(taskId), StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            long from = Math.max(0, size - maxBytes);
            ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read on to the end
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            if (from > 0) { // cut inside a line: start at the next whole one
                int newline = text.indexOf('\n');
                text = "…" + (newline >= 0 ? text.substring(newline) : text);
            }
            return Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the result log of " + taskId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> diff(String taskId, int maxChars) {
        Repository r = repo;
        Optional<TaskInfo> task = queue.get(taskId);
        if (r == null || task.isEmpty() || TaskWorkspace.branch(task.get()) == null) return Optional.empty();
        try {
            TaskReview review = TaskReview.of(r, task.get());
            return Optional.of((review.note() == null ? "" : "(" + review.note() + ")\n") + review.stat() + "\n\n"
                    + review.diffUpTo(maxChars));
        } catch (GitException e) {
            return Optional.of("(no diff: " + e.getMessage() + ")");
        }
    }

    @Override
    public Optional<String> pane(String workerId, int lines) {
        WorkerStatus known = snapshot.workers().get(workerId);
        if (panes == null || known == null || known.pane() == PaneState.GONE) return Optional.empty();
        return Optional.ofNullable(panes.capture(Set.of(workerId), lines).get(workerId));
    }

    /** What of a worker's status the views show; its heartbeat (now, for a live pane) is left out. */
    private record WorkerKey(String worker, BroadcastState state, String task, Instant ts, String message,
                             boolean lock, PaneState pane, long cpu, long cpuDelta) {
        static WorkerKey of(WorkerStatus w) {
            return new WorkerKey(w.workerId(), w.state(), w.taskId(), w.timestamp(), w.message(), w.holdsLiveLock(),
                    w.pane(), w.cpuMillis(), w.cpuDeltaMillis());
        }
    }
}
