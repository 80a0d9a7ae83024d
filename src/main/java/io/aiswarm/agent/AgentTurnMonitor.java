package io.aiswarm.agent;

import io.aiswarm.master.AgentStatus;
import io.aiswarm.master.PaneTerminal;
import io.aiswarm.master.WorkerLimit;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what agent workers' screens show into status lines, the fallback (and cross-check) for hooks:
 * <ul>
 * <li>a ready agent with no task: START without a task (a heartbeat, so the master sees it idle);</li>
 * <li>a permission dialog: HELP naming the command the agent wants to run. Never approved unless the
 * {@link PermissionPolicy} allows it, and never when a dangerous word is in the dialog;</li>
 * <li>that dialog answered and the agent working again: START for the task (the worker is no longer waiting);</li>
 * <li>the turn over (prompt back, no spinner, steady for {@code settle}): DONE for the task;</li>
 * <li>the provider's usage limit reached: START for the task marked with when it resets ({@link WorkerLimit}), so
 * the worker shows {@code limited} and gets nothing else; at that time (or after a backoff when the screen names
 * none) the turn is resumed ({@link LimitSpec}) and START says it works again.</li>
 * </ul>
 * Call {@link #delivering} before typing a prompt, {@link #started} once delivery is verified (or
 * {@link #deliveryFailed}), and {@link #observe} with each new capture of the pane. A task this monitor did not
 * start but the worker's marker names (after a master restart) is adopted.
 */
public final class AgentTurnMonitor {
    /** After a resume, a limit line is believed only once the agent worked again, or after this long. */
    static final Duration RESUME_GRACE = Duration.ofSeconds(30);
    /** Added to a reset time the screen names: clocks differ, and a limit lifts a little after its minute. */
    static final Duration RESET_MARGIN = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** A screen on a task is looked at this often even when it prints nothing (a busy agent's spinner prints). */
    public static final Duration FOLLOW = Duration.ofMillis(500);
    /** Keys sent the instant a dialog opens are ignored: a policy's approval waits this long. */
    static final Duration APPROVE_AFTER = Duration.ofMillis(500);
    private final AgentProfile profile;
    private final AgentScreenReader reader;
    private final StatusBroadcaster broadcaster;
    private final AgentTaskMarker marker;
    private final PermissionPolicy policy;
    private final PaneTerminal terminal;
    private final Clock clock;
    private final Duration settle;
    private final Map<String, Turn> turns = new ConcurrentHashMap<>();
    private final Map<String, Boolean> announced = new ConcurrentHashMap<>();
    private final java.util.Set<String> delivering = ConcurrentHashMap.newKeySet();

    public AgentTurnMonitor(AgentProfile profile, StatusBroadcaster broadcaster, AgentTaskMarker marker,
                            PermissionPolicy policy, PaneTerminal terminal, Clock clock, Duration settle) {
        this.profile = profile;
        this.reader = new AgentScreenReader(profile);
        this.broadcaster = broadcaster;
        this.marker = marker;
        this.policy = policy;
        this.terminal = terminal;
        this.clock = clock;
        this.settle = settle;
    }

    /** A prompt is being typed into the worker: its screen is the delivery's business until started or failed. */
    public synchronized void delivering(String workerId) {
        delivering.add(workerId);
        turns.remove(workerId);
    }

    /**
     * The prompt of {@code taskId} was taken by {@code workerId}'s agent: START (the task is running) and watch for
     * the turn's end. {@code how} says how the start was seen.
     */
    public synchronized void started(String workerId, String taskId, String how) {
        delivering.remove(workerId);
        turns.put(workerId, new Turn(taskId));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", "delivery");
        meta.put("agent", profile.name());
        broadcaster.broadcast(workerId, taskId, BroadcastState.START, "prompt taken: " + how, meta);
    }

    public synchronized void deliveryFailed(String workerId) {
        delivering.remove(workerId);
    }

    /** The task the worker's agent is on, if this monitor follows one. */
    public Optional<String> taskOf(String workerId) {
        Turn t = turns.get(workerId);
        return t == null ? Optional.empty() : Optional.of(t.taskId);
    }

    /** Reads one capture of the worker's pane; returns the status lines it wrote. */
    public synchronized List<StatusEvent> observe(String workerId, String screen) {
        if (delivering.contains(workerId)) return List.of();
        ScreenReading r = reader.read(screen);
        Turn turn = turns.computeIfAbsent(workerId, this::adopt);
        List<StatusEvent> out = new ArrayList<>();
        if (turn == null) {
            if (isPrompt(r) && announced.putIfAbsent(workerId, true) == null) {
                out.add(broadcaster.broadcastStart(workerId, "", profile.name() + " ready for a prompt"));
            }
            return out;
        }
        Instant now = clock.instant();
        if (turn.enterAt != null && !now.isBefore(turn.enterAt)) {
            turn.enterAt = null;
            terminal.sendKey(workerId, "Enter"); // the resume prompt typed last look; Enter as a key, after a pause
        }
        switch (r.status()) {
            case LIMITED -> {
                turn.promptSince = null;
                if (turn.limitedUntil == null) {
                    boolean stale = turn.resumedAt != null && !turn.workedSinceResume
                            && now.isBefore(turn.resumedAt.plus(RESUME_GRACE));
                    if (!stale) out.add(limited(workerId, turn, r, now));
                } else if (!now.isBefore(turn.limitedUntil)) {
                    out.add(resume(workerId, turn, r, now));
                }
            }
            case WAITING -> {
                turn.promptSince = null;
                // one prompt, one HELP: keyed on what it asks about, not on lines that change while it is open
                String dialog = what(r);
                if (!dialog.equals(turn.dialog)) {
                    turn.dialog = dialog;
                    turn.dialogSince = now;
                    turn.sawDialog = true;
                    turn.sawWork = true;
                    out.addAll(onDialog(workerId, turn, r, reader.region(screen)));
                } else if (turn.approve && Duration.between(turn.dialogSince, now).compareTo(APPROVE_AFTER) >= 0) {
                    turn.approve = false; // wait, then answer once
                    profile.approveKeys().forEach(k -> terminal.sendKey(workerId, k));
                }
            }
            case BUSY -> {
                if (turn.helpRaised) {
                    turn.helpRaised = false;
                    out.add(broadcaster.broadcast(workerId, turn.taskId, BroadcastState.START,
                            "working again: the permission dialog was answered",
                            Map.of("raised_by", "agent-monitor", "agent", profile.name())));
                }
                turn.sawWork = true;
                turn.workedSinceResume = true;
                turn.promptSince = null;
                turn.dialog = null;
                turn.approve = false;
                turn.declined = null; // working again: the dialog was approved
            }
            case IDLE, FINISHED -> {
                if (turn.promptSince == null) {
                    turn.promptSince = now;
                } else if (settled(turn, r, now)) {
                    out.add(finish(workerId, turn, r));
                }
            }
            default -> turn.promptSince = null;
        }
        return out;
    }

    /** When the limit resets: the time the screen names (plus a margin), else a backoff that doubles. */
    private StatusEvent limited(String workerId, Turn turn, ScreenReading r, Instant now) {
        Duration backoff = Duration.ofSeconds(profile.limit().backoffSeconds()).multipliedBy(1L << Math.min(turn.limits, 10));
        if (backoff.compareTo(MAX_BACKOFF) > 0) backoff = MAX_BACKOFF;
        Instant named = ResetTime.parse(r.waitingFor(), now, clock.getZone()).orElse(null);
        Instant until = named != null && named.isAfter(now) ? named.plus(RESET_MARGIN) : now.plus(backoff);
        turn.limitedUntil = until;
        turn.limits++;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("raised_by", "agent-monitor");
        meta.put("agent", profile.name());
        meta.put("limited_until", until.toString());
        meta.put("limit", r.line());
        meta.put("resets", named != null ? r.waitingFor() : "not named; backoff " + backoff.toSeconds() + " s");
        return broadcaster.broadcast(workerId, turn.taskId, BroadcastState.START, WorkerLimit.message(until, r.line()),
                meta);
    }

    /** The limit reset: the dialog's "keep trying" keys, else the resume prompt (Enter follows on the next look). */
    private StatusEvent resume(String workerId, Turn turn, ScreenReading r, Instant now) {
        String how;
        if (!profile.limit().dialogKeys().isEmpty()) { // its limit is a dialog, still on screen (read LIMITED)
            profile.limit().dialogKeys().forEach(k -> terminal.sendKey(workerId, k));
            how = "answered the limit dialog with " + profile.limit().dialogKeys();
        } else {
            if (r.input() != null && !r.input().isEmpty()) terminal.sendKey(workerId, "C-u");
            terminal.sendText(workerId, profile.limit().prompt());
            turn.enterAt = now.plusMillis(profile.submit().enterDelayMillis());
            how = "typed '" + profile.limit().prompt() + "'";
        }
        turn.limitedUntil = null;
        turn.resumedAt = now;
        turn.workedSinceResume = false;
        return broadcaster.broadcast(workerId, turn.taskId, BroadcastState.START,
                "working again: the usage limit reset (" + how + ")",
                Map.of("raised_by", "agent-monitor", "agent", profile.name(), "resumed", true));
    }

    /** Whether the worker waits for its provider's limit to reset. */
    public Optional<Instant> limitedUntil(String workerId) {
        Turn t = turns.get(workerId);
        return t == null ? Optional.empty() : Optional.ofNullable(t.limitedUntil);
    }

    /**
     * When this monitor wants another look at the worker's screen even if it prints nothing: while it follows a
     * turn, at least every {@link #FOLLOW} (sooner when an approval or the settle time is due); otherwise empty (its
     * next output will do).
     */
    public synchronized Optional<Duration> lookAgainIn(String workerId) {
        Turn turn = turns.get(workerId);
        if (turn == null) return Optional.empty();
        Instant now = clock.instant();
        Duration next = FOLLOW;
        if (turn.approve) next = shorter(next, APPROVE_AFTER.minus(Duration.between(turn.dialogSince, now)));
        if (turn.promptSince != null) next = shorter(next, settle.minus(Duration.between(turn.promptSince, now)));
        if (turn.enterAt != null) next = shorter(next, Duration.between(now, turn.enterAt));
        return Optional.of(next.isNegative() ? Duration.ZERO : next);
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * The worker's agent process ended: this monitor stops following its turn (the master requeues the task, see
     * TaskRecovery); returns what to tell a person, once.
     */
    public synchronized Optional<String> exited(String workerId, Integer exitStatus) {
        Turn turn = turns.remove(workerId);
        if (turn == null) turn = adopt(workerId);
        announced.remove(workerId);
        if (turn == null) return Optional.empty();
        if (turn.taskId.equals(marker.get(workerId))) marker.clear(workerId);
        // the same rule for every agent and for exec commands: the master requeues the task of a pane that ended
        // without reporting (attempts counted), and the worker takes no prompt until `swarm restart`
        return Optional.of(workerId + ": " + profile.name() + " exited during task " + turn.taskId
                + (exitStatus == null ? "" : " (status " + exitStatus + ")") + "; the task goes back to the queue; "
                + "`swarm restart " + workerId + "` starts the agent again");
    }

    /** A task this monitor did not start (a restarted master): the marker file says which; null when none. */
    private Turn adopt(String workerId) {
        String task = marker.get(workerId);
        return task.isEmpty() ? null : new Turn(task);
    }

    private List<StatusEvent> onDialog(String workerId, Turn turn, ScreenReading r, List<String> lines) {
        Optional<String> refusal = profile.approveKeys().isEmpty()
                ? Optional.of("profile '" + profile.name() + "' has no approveKeys") : policy.refusal(r, lines);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("raised_by", "agent-monitor");
        meta.put("agent", profile.name());
        meta.put("waiting_for", r.waitingFor());
        meta.put("dialog", r.line());
        if (refusal.isEmpty()) {
            turn.approve = true;
            meta.put("decision", "approve (policy)");
            // not WAIT: the master would raise HELP for it; the task goes on running
            return List.of(broadcaster.broadcast(workerId, turn.taskId, BroadcastState.START,
                    "permission asked, approved by policy: " + what(r), meta));
        }
        meta.put("decision", "not approved: " + refusal.get());
        turn.helpRaised = true;
        turn.declined = what(r); // unless the agent works again, the turn ends with the permission declined
        // HELP at once, not WAIT first: the master would raise a HELP of its own for a WAIT (one prompt, one HELP)
        List<StatusEvent> out = new ArrayList<>();
        meta.put("prompt", r.line());
        out.add(broadcaster.broadcastHelp(workerId, turn.taskId, (r.generic() ? "agent waits for a person: "
                : "agent asks permission to run: ") + what(r) + " (" + refusal.get() + "); answer with: swarm answer "
                + workerId + " yes|no|cancel", meta));
        return out;
    }

    private StatusEvent finish(String workerId, Turn turn, ScreenReading r) {
        turns.remove(workerId);
        if (turn.taskId.equals(marker.get(workerId))) marker.clear(workerId);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", "screen");
        meta.put("agent", profile.name());
        if (turn.sawDialog && r.status() != AgentStatus.FINISHED) meta.put("interrupted", true);
        if (turn.declined != null) {
            // a dialog answered No or Esc ends the turn: the task is not done, and it is never retried by itself
            meta.put("declined", turn.declined);
            return broadcaster.broadcast(workerId, turn.taskId, BroadcastState.ERROR,
                    TaskInfo.DECLINED + turn.declined + " (the dialog was answered no or cancelled; `swarm task retry "
                            + turn.taskId + "` runs it again)", meta);
        }
        String how = r.status() == AgentStatus.FINISHED ? r.line() : "prompt back";
        return broadcaster.broadcast(workerId, turn.taskId, BroadcastState.DONE,
                "turn ended: " + how, meta);
    }

    /**
     * Steady at the prompt for {@code settle} after the agent was seen working (or showing its turn-end line); a
     * turn never seen working (too quick for the captures) ends after ten times as long.
     */
    private boolean settled(Turn turn, ScreenReading r, Instant now) {
        Duration steady = Duration.between(turn.promptSince, now);
        boolean worked = turn.sawWork || r.status() == AgentStatus.FINISHED;
        return steady.compareTo(worked ? settle : settle.multipliedBy(10)) >= 0;
    }

    private static boolean isPrompt(ScreenReading r) {
        return (r.status() == AgentStatus.IDLE || r.status() == AgentStatus.FINISHED)
                && (r.input() == null || r.input().isEmpty());
    }

    private static String what(ScreenReading r) {
        return r.waitingFor().isEmpty() ? r.line() : r.waitingFor();
    }

    private static final class Turn {
        final String taskId;
        Instant promptSince;
        String dialog;
        Instant dialogSince;
        boolean sawDialog;
        boolean sawWork;
        boolean approve;
        /** A dialog of this turn is waiting for a person (WAIT and HELP written). */
        boolean helpRaised;
        /** What the last dialog a person had to answer asked about, until the agent is seen working again. */
        String declined;
        /** Set while the provider's limit holds the turn: when to resume it. */
        Instant limitedUntil;
        /** Limits this turn hit (the backoff doubles with each). */
        int limits;
        Instant resumedAt;
        boolean workedSinceResume;
        /** When to send Enter after the resume prompt was typed; null when none is due. */
        Instant enterAt;

        Turn(String taskId) {
            this.taskId = taskId;
        }
    }
}
