package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.PinnedDirs;
import io.aiswarm.state.WorkerClaims;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLog;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskClaims;
import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskLockManager;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.PaneOutput;
import io.aiswarm.tmux.TmuxListener;
import io.aiswarm.workspace.WorktreeManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The master loop. Each round: scan the workers, finish tasks from their DONE/ERROR lines, stop cancelled
 * ones, recover tasks of lost workers (and keep the locks of running ones alive), raise HELP for waiting
 * workers, dispatch, report.
 * Rounds run when the status log or the task file change or a pane ends; the poll interval is only a
 * fallback tick. {@link #runUntil} holds the cluster's master lease (standby until it is free); {@link #runOnce}
 * is one round without it, for tests and tools.
 */
public final class SwarmMaster implements AutoCloseable {
    /**
     * The rescuer looks at a pane when it printed (see {@link PaneActivity}); this safety sweep captures every
     * running pane in case an output event was missed (e.g. before the master connected).
     */
    static final Duration RESCUE_SWEEP_EVERY = Duration.ofSeconds(10);
    /** The longest fallback tick while events work and nothing happens (see {@link #quietTick()}). */
    static final Duration QUIET_TICK = Duration.ofSeconds(5);
    /** The master samples the panes' CPU time from /proc this often, not every round. */
    static final Duration CPU_SAMPLE_EVERY = Duration.ofSeconds(10);
    /** Lines of several writers reach the log a little out of time order: the first round reads this much earlier. */
    static final Duration REPLAY_SLACK = Duration.ofMinutes(1);
    /** Rounds failing in a row for another reason than bad state (e.g. tmux gone) before the master gives up. */
    private static final int MAX_FAILED_ROUNDS = 5;

    private final SwarmConfig config;
    private final TaskQueue queue;
    private final StatusBroadcaster broadcaster;
    /** Which changes the feed reports need a round (not this master's own writes). */
    private final RoundNeed roundNeed;
    private final MasterScanner scanner;
    private final MasterDispatcher dispatcher;
    private final TaskSender sender;
    /** The swarm directory as this master found it (null: a store without local files). */
    private final PinnedDirs pins;
    private final TaskCompletions completions;
    /** Tasks in worktrees (swarm up on a git repository), else null. */
    private final WorkspaceSender workspaces;
    private final TaskRecovery recovery;
    private final CancelledTasks cancelled;
    private final TaskTimeouts timeouts;
    private final PaneClaims paneClaims;
    private final Notifier notifier;
    private final WebhookNotifier webhook;
    private final DesktopNotifier desktop;
    private final MasterListener listener;
    private final WorkerPanes panes;
    /** Which worker may take which task; null: any worker takes any task its sender can run. */
    private final WorkerRouter router;
    private final boolean dryRun;
    private final boolean eventDriven;
    private final RescueStep rescue;
    /** Reads the screens the rescuer is given too (the agent monitor); null for none. */
    private final ScreenObserver screens;
    /** Observed workers whose pane's process was seen ended (told once, until it runs again). */
    private final Set<String> ended = new HashSet<>();
    /** Closes the HELP of an exec worker once its prompt is gone; null without a rescuer (no panes to read). */
    private final HelpWatch helpWatch;
    private final Clock clock;
    private final MasterLeases leases;
    private final ChangeFeed changes;
    private Instant lastSweep = Instant.MIN;
    private final PaneActivity activity;
    /** Workers whose pane's process runs, with their task id ("" for none): as of the last round and dispatch. */
    private final Map<String, String> running = new HashMap<>();
    private final HelpEpisodes helpEpisodes = new HelpEpisodes();
    private volatile boolean stopRequested;
    private volatile MasterWakeup wakeup;
    private boolean firstRound = true;
    /** Whether this master still holds its lease; always true for a round run without one ({@link #runOnce}). */
    private volatile BooleanSupplier leaseHeld = () -> true;
    private volatile long leaseEpoch;

    private SwarmMaster(Builder b) {
        this.config = b.config;
        this.queue = b.queue;
        this.listener = b.listener;
        this.panes = b.panes;
        this.router = b.router;
        this.dryRun = b.dryRun;
        this.eventDriven = b.eventDriven;
        this.broadcaster = new StatusBroadcaster(b.statusLog, b.clock);
        this.scanner = b.panes != null
                ? MasterScanner.createScanner(b.config, b.statusLog, b.locks, b.panes, b.clock)
                : MasterScanner.createScanner(b.statusLog, b.locks, b.workers, b.clock, b.config.pollInterval());
        scanner.sampleCpuEvery(CPU_SAMPLE_EVERY);
        scanner.replayFrom(() -> replaySince(b.queue, b.clock));
        this.roundNeed = new RoundNeed(b.queue, scanner, broadcaster);
        this.pins = b.localFiles == null ? null : PinnedDirs.of(b.localFiles);
        TaskSender sender = b.sender != null ? b.sender : new ExecTaskSender(b.panes, b.localFiles(),
                pins != null ? pins : PinnedDirs.of(b.localFiles()),
                ExecRunner.enabled(b.config.setting(ExecRunner.ENV_RUNNER)));
        if (b.router != null) sender = new RoutedSender(sender, b.router);
        this.workspaces = b.worktrees == null ? null
                : new WorkspaceSender(sender, b.worktrees, b.queue, broadcaster, b.clock, listener::message);
        if (workspaces != null) sender = workspaces;
        this.sender = sender;
        this.dispatcher = new MasterDispatcher(b.queue, b.locks, broadcaster, sender, b.clock, listener::message,
                b.config.maxAttempts());
        // claims are stamped and judged by the master's clock (PaneClaims), not the store's
        PaneClaims paneClaims = new PaneClaims(b.claims, b.queue, b.clock, () -> leaseEpoch);
        dispatcher.coordinate(paneClaims, () -> leaseHeld.getAsBoolean());
        if (b.taskClaims != null) dispatcher.claimingThrough(b.taskClaims);
        this.completions = new TaskCompletions(b.queue, b.locks, b.clock);
        this.recovery = new TaskRecovery(b.queue, b.locks, broadcaster, b.clock, b.config.maxAttempts(),
                listener::message, b.panes, paneClaims);
        recovery.ownProcess(this.sender::runsIn);
        if (b.localFiles != null) recovery.runners(b.localFiles);
        this.cancelled = new CancelledTasks(b.queue, b.locks, broadcaster, b.panes, listener::message);
        this.timeouts = new TaskTimeouts(b.queue, b.locks, broadcaster, b.panes, paneClaims, b.clock, listener::message);
        this.paneClaims = paneClaims;
        this.notifier = new Notifier(b.config.setting(Notifier.ENV_NOTIFY_CMD), listener::message);
        this.webhook = WebhookNotifier.from(b.config.setting(WebhookNotifier.ENV_NOTIFY_URL), listener::message);
        this.desktop = DesktopNotifier.from(b.config.env(), listener::message);
        this.clock = b.clock;
        this.leases = b.leases;
        this.changes = b.changes;
        AutoRescuer rescuer = b.rescuer;
        if (rescuer == null && b.panes != null) {
            Path decisions = b.localFiles().decisionsLog();
            rescuer = b.dryRun ? dryRunRescuer(b.config, decisions, b.clock)
                    : AutoRescuer.create(b.config, decisions, b.clock);
        }
        this.rescue = rescuer == null || b.panes == null ? null
                : new RescueStep(rescuer, b.panes, broadcaster, listener, b.dryRun, b.agentWorkers);
        this.screens = rescue == null || b.dryRun ? null : b.screens; // a dry run writes no status line
        this.helpWatch = rescue == null || b.dryRun ? null
                : new HelpWatch(b.queue, broadcaster, rescuer.detector(), b.agentWorkers);
        this.activity = new PaneActivity(b.clock, () -> {
            MasterWakeup w = wakeup;
            if (w != null) w.nudge();
        });
    }

    /** A master's dry run is the rescuer's too: its decision log then says "would", never that Enter was sent. */
    private static AutoRescuer dryRunRescuer(SwarmConfig config, Path decisions, Clock clock) {
        AutoRescuer rescuer = new AutoRescuer(WaitPatternDetector.defaults(),
                RescuePolicy.from(name -> name.equals(RescuePolicy.ENV_DRY_RUN) ? "true" : config.setting(name)),
                new RescueDecisionLog(decisions), clock);
        rescuer.restoreFromLog();
        return rescuer;
    }

    public static Builder builder(SwarmConfig config, Clock clock) {
        return new Builder(config, clock);
    }

    public MasterScanner scanner() {
        return scanner;
    }

    public MasterDispatcher dispatcher() {
        return dispatcher;
    }

    /** One round, without the master lease. */
    public synchronized RoundSummary runOnce() {
        if (pins != null) pins.verify(); // a directory replaced under the master: the round is refused, and reported
        MasterScanner.Scan scan = scanner.scan(false);
        if (eventDriven) roundNeed.scanned();
        running.clear();
        for (WorkerStatus status : scan.workers().values()) {
            if (status.pane() == PaneState.ALIVE) running.put(status.workerId(), status.taskId());
        }
        if (screens != null) reportExits(scan);
        if (rescue != null) rescue(sweepDue() ? running.keySet() : withOpenHelp(activity.takeDue()));
        if (dryRun) return dryRound(scan);
        TaskCompletions.Outcome ended = completions.apply(scan.events());
        List<TaskInfo> finished = new ArrayList<>(ended.finished());
        List<TaskInfo> requeued = new ArrayList<>(ended.retried()); // failed, to be retried after their delay
        for (TaskInfo t : ended.retried()) paneClaims.release(t.workerId(), t.taskId()); // the worker is free now
        if (firstRound) {
            recovery.releaseOrphanedLocks();
            sender.sweep(activeTaskIds());
        }
        cancelled.apply(scan);
        List<TaskInfo> active = queue.active(); // the round's one look at the queue's active tasks
        requeued.addAll(recovery.check(scan, active));
        for (TaskInfo t : timeouts.apply(stillActive(active, requeued))) (t.status().isFinal() ? finished : requeued).add(t);
        if (workspaces != null) finished = workspaces.finished(finished);
        finished.forEach(listener::finished);
        finished.forEach(sender::ended);
        requeued.forEach(listener::requeued);
        requeued.forEach(sender::ended);
        handleHelp(scan);
        List<TaskInfo> stillActive = stillActive(stillActive(active, requeued), finished); // timed out: finished
        Map<String, WorkerStatus> statuses = StaleWorkerLines.settle(scanner.statuses(scan), stillActive);
        if (helpWatch != null) helpWatch.observed(statuses);
        listener.observed(statuses, scan.events());
        List<DispatchResult> dispatched = new ArrayList<>();
        if (router != null) router.settle(busyWorkers(statuses, stillActive));
        for (DispatchResult result : dispatcher.dispatchAll(statuses, stillActive)) {
            if (result.success()) {
                dispatched.add(result);
                recovery.dispatched(result.taskId(), result.attempt());
                running.put(result.workerId(), result.taskId());
                if (rescue != null) rescue.forget(result.workerId());
                if (screens != null && screens.workers().contains(result.workerId())) {
                    activity.lookAgain(result.workerId(), Duration.ZERO); // the observer follows the new task
                }
            }
            listener.dispatched(result);
        }
        firstRound = false;
        if (dispatched.isEmpty() && finished.isEmpty() && requeued.isEmpty()) sender.quiet();
        RoundSummary summary = summarize(statuses, scan, dispatched, finished, requeued);
        listener.round(summary);
        return summary;
    }

    /** Workers with an active task or a live lock: a draining one among them is kept until its task ends. */
    private static Set<String> busyWorkers(Map<String, WorkerStatus> statuses, List<TaskInfo> active) {
        Set<String> busy = new HashSet<>();
        for (TaskInfo t : active) if (t.workerId() != null) busy.add(t.workerId());
        for (WorkerStatus s : statuses.values()) if (s.holdsLiveLock()) busy.add(s.workerId());
        return busy;
    }

    /** How far back the first round reads the status log: a little before the oldest active task was assigned. */
    static Instant replaySince(TaskQueue queue, Clock clock) {
        Instant since = clock.instant();
        for (TaskInfo task : queue.active()) {
            Instant at = task.assignedAt() != null ? task.assignedAt() : task.updatedAt();
            if (at == null) return Instant.MIN;
            if (at.isBefore(since)) since = at;
        }
        return since.minus(REPLAY_SLACK);
    }

    private Set<String> activeTaskIds() {
        Set<String> active = new HashSet<>();
        for (TaskInfo task : queue.active()) active.add(task.taskId());
        return active;
    }

    private static List<TaskInfo> stillActive(List<TaskInfo> active, List<TaskInfo> requeued) {
        if (requeued.isEmpty()) return active;
        Set<String> gone = new HashSet<>();
        for (TaskInfo t : requeued) gone.add(t.taskId());
        return active.stream().filter(t -> !gone.contains(t.taskId())).toList();
    }

    /**
     * How long the loop sleeps when nothing happens. Without events that is the poll interval. With events
     * (files watched, panes reported) a round while nothing changed only keeps lock heartbeats and the rescue
     * sweep going, so it runs at most every QUIET_TICK (never longer than a third of the lock TTL): idle
     * workers then cost almost nothing.
     */
    private Duration quietTick() {
        Duration poll = config.pollInterval();
        if (!eventDriven) return poll;
        Duration cap = QUIET_TICK.compareTo(Duration.ofSeconds(config.lockTtlSeconds()).dividedBy(3)) < 0
                ? QUIET_TICK : Duration.ofSeconds(config.lockTtlSeconds()).dividedBy(3);
        return poll.compareTo(cap) > 0 ? poll : cap;
    }

    /** Every RESCUE_SWEEP_EVERY a round captures all running panes, not only those that printed. */
    private boolean sweepDue() {
        Instant now = clock.instant();
        if (Duration.between(lastSweep, now).compareTo(RESCUE_SWEEP_EVERY) < 0) return false;
        lastSweep = now;
        return true;
    }

    /** The workers whose pane printed, and those with an open HELP: a round looks whether their prompt is gone. */
    private Set<String> withOpenHelp(Set<String> printed) {
        if (helpWatch == null) return printed;
        Set<String> all = new HashSet<>(printed);
        all.addAll(helpWatch.workers());
        return all;
    }

    /**
     * Captures these workers' panes (running ones only; one tmux round trip) and hands each capture to the rescuer
     * and the screen observer: the one screen pipeline.
     */
    private void rescue(Set<String> workers) {
        Set<String> wanted = new TreeSet<>(WorkerIds.ORDER);
        for (String w : workers) if (running.containsKey(w)) wanted.add(w);
        if (wanted.isEmpty()) return;
        activity.clear(wanted);
        Map<String, String> captured = panes.capture(wanted, MasterScanner.SCREEN_LINES);
        rescue.run(captured, running);
        if (helpWatch != null) helpWatch.check(captured);
        if (screens == null) return;
        Set<String> observed = screens.workers();
        captured.forEach((worker, screen) -> {
            if (observed.contains(worker)) {
                screens.observe(worker, screen).ifPresent(after -> activity.lookAgain(worker, after));
            }
        });
    }

    /** Tells the screen observer once of each of its workers whose pane's process ended (until it runs again). */
    private void reportExits(MasterScanner.Scan scan) {
        for (String worker : screens.workers()) {
            WorkerStatus status = scan.workers().get(worker);
            if (status == null || status.pane() == PaneState.UNKNOWN) continue;
            if (status.pane() == PaneState.ALIVE) {
                ended.remove(worker);
            } else if (ended.add(worker)) {
                Integer exit = panes.panes(false).stream().filter(p -> p.workerId().equals(worker)).findFirst()
                        .map(AgentPane::exitStatus).orElse(null);
                screens.exited(worker, exit).ifPresent(listener::message);
            }
        }
    }

    /** Between rounds: looks at the panes whose output burst is complete, without a scan. */
    private synchronized void rescuePrinted() {
        Set<String> due = activity.takeDue();
        if (!due.isEmpty()) rescue(due);
    }

    /**
     * Waits for the next round: an event, or the poll interval. Meanwhile panes that printed are looked at
     * as soon as their output is complete, which is what makes a rescue quick.
     */
    private void awaitRound(MasterWakeup events, BooleanSupplier halted) throws InterruptedException {
        long tickAt = System.nanoTime() + quietTick().toNanos();
        while (!halted.getAsBoolean()) {
            Duration left = Duration.ofNanos(Math.min(tickAt, roundNeed.dueAt()) - System.nanoTime());
            if (left.isNegative() || left.isZero()) return;
            Duration wait = activity.untilNextDue().filter(d -> d.compareTo(left) < 0).orElse(left);
            MasterWakeup.Wake wake = events.await(wait);
            if (wake == MasterWakeup.Wake.SIGNAL || wake == MasterWakeup.Wake.FEED && needsRound()) return;
            if (rescue != null) {
                try {
                    rescuePrinted();
                } catch (RuntimeException e) {
                    return; // e.g. tmux gone: the round reports it
                }
            }
        }
    }

    /**
     * Runs rounds until, after a round, {@code stop} says so, {@link #stop()} was called, or (with exitWhenDone)
     * the queue is drained; {@code () -> true} runs exactly one round under the lease. Holds the master lease
     * meanwhile: with {@code standby} it waits for a running master to end, otherwise it refuses with a
     * {@link MasterActiveException}. A failed round is reported to the listener and retried.
     */
    public RoundSummary runUntil(BooleanSupplier stop, boolean exitWhenDone, boolean standby)
            throws InterruptedException {
        BooleanSupplier halted = () -> stopRequested || stop.getAsBoolean();
        if (leases == null) throw new IllegalStateException("runUntil needs the master built with store(...)");
        MasterWakeup events = null;
        try {
            while (true) {
                Optional<MasterLeases.HeldLease> lease = acquire(standby, halted);
                if (lease.isEmpty()) return null;
                if (events == null) events = openWakeup();
                wakeup = events;
                try (MasterLeases.HeldLease held = lease.get()) {
                    leaseHeld = () -> confirmed(held);
                    leaseEpoch = held.epoch();
                    Active run = activeRounds(held, events, halted, exitWhenDone);
                    if (!run.leaseLost()) return run.last();
                } finally {
                    leaseHeld = () -> true;
                }
                // the lease was lost: another master may be active; this one stopped dispatching at once
                if (!standby) {
                    throw new MasterActiveException("the master lease of cluster '" + config.cluster() + "' was lost"
                            + " (another master may be active); this master stopped dispatching");
                }
            }
        } finally {
            wakeup = null;
            if (events != null) events.close();
            sender.quiet(); // the master stops: what it kept for later goes now
        }
    }

    /** The lease, now or (standby) once the active master ends; empty when halted meanwhile. */
    private Optional<MasterLeases.HeldLease> acquire(boolean standby, BooleanSupplier halted)
            throws InterruptedException {
        Optional<MasterLeases.HeldLease> lease = leases.tryAcquire();
        if (lease.isPresent()) return lease;
        String holder = leases.holder().orElse("another process");
        if (!standby) {
            throw new MasterActiveException("another master is active for cluster '" + config.cluster() + "' ("
                    + holder + "); stop it first, or run without --no-standby to wait as its standby");
        }
        listener.message("standby: another master is active (" + holder + "); taking over when it ends");
        lease = leases.await(config.pollInterval(), halted);
        if (lease.isPresent()) listener.message("this master is now active");
        return lease;
    }

    /** How a master's active time ended: stopped or drained (with its last round), or by losing its lease. */
    private record Active(boolean leaseLost, RoundSummary last) {
    }

    /**
     * Rounds while the lease holds, until stopped or drained, or until the lease is lost (confirmed before every
     * round and again before every dispatch): then this master steps down at once.
     */
    private Active activeRounds(MasterLeases.HeldLease held, MasterWakeup events, BooleanSupplier halted,
                                boolean exitWhenDone) throws InterruptedException {
        RoundSummary last = null;
        int failedInARow = 0;
        while (true) {
            if (!stillHeld(held)) return new Active(true, last);
            try {
                last = runOnce();
                failedInARow = 0;
                if (eventDriven) settle(events);
            } catch (SwarmStateException e) {
                // e.g. tasks.json edited into invalid JSON: nothing was written, workers go on, a person fixes it
                if (halted.getAsBoolean()) throw e;
                listener.message("round failed: " + e.getMessage() + "; retrying");
            } catch (RuntimeException e) {
                if (++failedInARow >= MAX_FAILED_ROUNDS) throw e;
                listener.message("round failed: " + e + "; retrying");
            }
            if (halted.getAsBoolean() || exitWhenDone && last != null && last.drained()) return new Active(false, last);
            awaitRound(events, halted);
        }
    }

    /**
     * After a round: the feed's news of it is forgotten, then {@link RoundNeed} says whether anything but this master's
     * own writes came since the round's scan; a change after the forgetting is reported again.
     */
    private void settle(MasterWakeup events) {
        if (!roundNeed.canTell()) return; // such a store keeps waking a round for every write, own ones too
        events.forgetFeed();
        if (needsRound()) events.signal();
    }

    /** After the change feed reported something (already forgotten): whether a round must run now. */
    private synchronized boolean needsRound() {
        return roundNeed.now();
    }

    /** Confirms the lease before a round; a master that lost it stops acting at once (another one may be active). */
    private boolean stillHeld(MasterLeases.HeldLease held) {
        try {
            held.confirm();
            return true;
        } catch (SwarmStateException e) {
            listener.message("lost the master lease: " + e.getMessage() + "; this master steps down");
            return false;
        }
    }

    private static boolean confirmed(MasterLeases.HeldLease held) {
        try {
            held.confirm();
            return true;
        } catch (SwarmStateException e) {
            return false;
        }
    }

    /** Ends {@link #runUntil} after its current round; safe from any thread. */
    public void stop() {
        stopRequested = true;
        MasterWakeup w = wakeup;
        if (w != null) w.signal();
    }

    /** Without event wake-ups (a polling baseline) nothing is watched: only stop() and the tick wake the loop. */
    private MasterWakeup openWakeup() {
        MasterWakeup events = new MasterWakeup(eventDriven ? changes : null);
        if (panes != null) {
            // printed() is what the rescuer reacts to; without a rescuer or events, output is not even switched on
            boolean printed = rescue != null && eventDriven;
            panes.addListener(printed ? new PrintedListener(events) : new PaneListener(events),
                    printed ? PaneOutput.PRINTED : PaneOutput.NONE);
        }
        return events;
    }

    private class PaneListener implements TmuxListener {
        final MasterWakeup events;

        PaneListener(MasterWakeup events) {
            this.events = events;
        }

        @Override
        public void paneExited(String workerId, String paneId) {
            if (eventDriven) events.signal();
        }

        @Override
        public void sessionClosed() {
            listener.message("the tmux session closed; the master stops");
            stop();
        }
    }

    private final class PrintedListener extends PaneListener {
        PrintedListener(MasterWakeup events) {
            super(events);
        }

        @Override
        public void printed(String workerId, String paneId) {
            activity.printed(workerId);
        }
    }

    /**
     * Every HELP line that opens an episode (see {@link HelpEpisodes}) reaches the listener and the notify command
     * once; on the first round only HELP still outstanding counts, not the log's history. Then a worker that
     * reports WAIT gets HELP raised for it, unless a person was already told of that prompt.
     */
    private void handleHelp(MasterScanner.Scan scan) {
        for (StatusEvent event : scan.events()) {
            if (!helpEpisodes.opens(event)) continue;
            WorkerStatus status = scan.workers().get(event.workerId());
            if (status == null) continue;
            if (firstRound && (status.state() != BroadcastState.HELP || !status.timestamp().equals(event.ts()))) {
                continue;
            }
            listener.help(event.workerId(), event.taskId(), event.message());
            notifier.notifyHelp(event.workerId(), event.taskId(), event.message());
            if (webhook != null) webhook.notifyHelp(event.workerId(), event.taskId(), event.message());
            if (desktop != null) desktop.notifyHelp(event.workerId(), event.taskId(), event.message());
        }
        for (WorkerStatus status : scan.workers().values()) {
            if (status.state() == BroadcastState.WAIT && !helpEpisodes.isOpen(status.workerId(), status.taskId())) {
                broadcaster.broadcastHelp(status.workerId(), status.taskId(),
                        "waiting for input: " + status.message() + " (answer with: swarm answer " + status.workerId()
                                + " yes|no|cancel)", Map.of("raised_by", "master"));
            }
        }
    }

    /** Dry run: says what a round would dispatch; writes nothing and types nothing. */
    private RoundSummary dryRound(MasterScanner.Scan scan) {
        List<TaskInfo> pending = new ArrayList<>(queue.pending(MasterDispatcher.PENDING_PER_ROUND));
        for (WorkerStatus status : scan.workers().values()) {
            if (pending.isEmpty()) break;
            if (MasterDispatcher.isWorkerIdle(status)) {
                listener.message("dry run: would dispatch " + pending.remove(0).taskId() + " to " + status.workerId());
            }
        }
        listener.observed(scan.workers(), scan.events());
        return summarize(scan.workers(), scan, List.of(), List.of(), List.of());
    }

    private RoundSummary summarize(Map<String, WorkerStatus> statuses, MasterScanner.Scan scan,
                                   List<DispatchResult> dispatched, List<TaskInfo> finished,
                                   List<TaskInfo> requeued) {
        Map<TaskStatus, Integer> count = queue.countByStatus(); // no sorted copy of the queue every round
        int active = count.get(TaskStatus.ASSIGNED) + count.get(TaskStatus.RUNNING);
        // idle before dispatching, less those that just got a task
        long idle = statuses.values().stream().filter(MasterDispatcher::isWorkerIdle).count() - dispatched.size();
        int pending = count.get(TaskStatus.PENDING);
        // blocked tasks only matter when nothing else runs: whether the queue is drained
        int blocked = pending > 0 && active == 0 ? blocked(statuses.keySet()) : 0;
        return new RoundSummary(scan.at(), dispatched, finished, requeued, pending, active,
                count.get(TaskStatus.DONE), count.get(TaskStatus.FAILED), (int) idle, statuses.size() - (int) idle,
                blocked);
    }

    /**
     * Pending tasks that cannot run: a task they run after failed, was cancelled or removed, or (with a router) none
     * of these workers may take them.
     */
    private int blocked(Set<String> workers) {
        Map<String, Optional<TaskInfo>> seen = new HashMap<>();
        int n = 0;
        for (TaskInfo t : queue.pending(MasterDispatcher.PENDING_PER_ROUND)) {
            if (TaskDependencies.blockedBy(t, id -> seen.computeIfAbsent(id, queue::get)).isPresent()
                    || router != null && workers.stream().noneMatch(w -> router.accepts(t, w))) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        stop();
        scanner.close();
    }

    /** How to build a master: the config, a clock, the state parts, and where the workers are. */
    public static final class Builder {
        private final SwarmConfig config;
        private final Clock clock;
        private TaskQueue queue;
        private TaskLockManager locks;
        private StatusLog statusLog;
        private WorkerPanes panes;
        private List<String> workers = List.of();
        private TaskSender sender;
        private WorkerClaims claims;
        private TaskClaims taskClaims;
        private WorktreeManager worktrees;
        private MasterListener listener = new MasterListener() { };
        private boolean dryRun;
        private boolean eventDriven = true;
        private AutoRescuer rescuer;
        private ScreenObserver screens;
        private Set<String> agentWorkers = Set.of();
        private WorkerRouter router;
        private MasterLeases leases;
        private ChangeFeed changes;
        private SwarmPaths localFiles;

        private Builder(SwarmConfig config, Clock clock) {
            this.config = config;
            this.clock = clock;
        }

        /**
         * The store: its queue, locks and status log, its master lease ({@link #runUntil} holds it), its change feed
         * (wakes the loop) and its machine-local files (task output, the rescuer's decisions).
         */
        public Builder store(SwarmStore store) {
            this.queue = store.queue();
            this.locks = store.locks();
            this.statusLog = store.statusLog();
            this.leases = store.masterLease();
            this.changes = store.changes();
            this.localFiles = store.localFiles().orElse(null);
            if (claims == null) this.claims = store.workerClaims();
            this.taskClaims = store.claims().orElse(null);
            return this;
        }

        /** Workers are the panes of this tmux session; exec tasks run in them unless another sender is set. */
        public Builder panes(WorkerPanes panes) {
            this.panes = panes;
            return this;
        }

        /** Workers without panes (tests, or workers that are not in tmux): a sender is then required. */
        public Builder workers(List<String> workers) {
            this.workers = List.copyOf(workers);
            return this;
        }

        /** Each task in its own branch of its worker's worktree (see {@link WorkspaceSender}). */
        public Builder worktrees(WorktreeManager worktrees) {
            this.worktrees = worktrees;
            return this;
        }

        /** Where workers are claimed before their panes start; by default the store's. */
        public Builder claims(WorkerClaims claims) {
            this.claims = claims;
            return this;
        }

        public Builder sender(TaskSender sender) {
            this.sender = sender;
            return this;
        }

        public Builder listener(MasterListener listener) {
            this.listener = listener;
            return this;
        }

        /** Workers that run an agent: their dialogs and HELPs are their turn monitor's, not the generic rules'. */
        public Builder agentWorkers(Set<String> workers) {
            this.agentWorkers = Set.copyOf(workers);
            return this;
        }

        /**
         * Workers that differ (a mixed swarm, labels, `swarm scale`): each gets only the tasks the router lets it take,
         * through its own agent's sender or the exec sender; the router's agent workers are the agent workers.
         */
        public Builder router(WorkerRouter router) {
            this.router = router;
            this.agentWorkers = router.agentWorkers();
            return this;
        }

        /** The rescuer for the panes; by default one from the AI_SWARM_AUTO_RESCUE_* settings. */
        public Builder rescuer(AutoRescuer rescuer) {
            this.rescuer = rescuer;
            return this;
        }

        /** Who reads the workers' screens beside the rescuer, from the same captures (the agent monitor). */
        public Builder screens(ScreenObserver screens) {
            this.screens = screens;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * False turns off the wake-ups on file changes and pane exits: the master then runs a round once per
         * poll interval, as the original design did. Only the benchmark's polling baseline wants that.
         */
        public Builder eventDriven(boolean eventDriven) {
            this.eventDriven = eventDriven;
            return this;
        }

        private SwarmPaths localFiles() {
            if (localFiles == null) {
                throw new IllegalStateException("exec workers and the rescuer write machine-local files: build the"
                        + " master with store(...) of a store that has them, or give a sender and a rescuer");
            }
            return localFiles;
        }

        public SwarmMaster build() {
            if (queue == null) throw new IllegalStateException("store(...) is required");
            if (panes == null && sender == null) {
                throw new IllegalStateException("a master without panes needs a TaskSender");
            }
            return new SwarmMaster(this);
        }
    }
}
