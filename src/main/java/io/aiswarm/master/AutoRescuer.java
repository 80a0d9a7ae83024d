package io.aiswarm.master;

import io.aiswarm.state.Json;
import io.aiswarm.state.SwarmConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides what to do about a prompt in a worker's pane, and logs every decision. Only output that is new since the
 * last look counts: a prompt already decided is recognised by a fingerprint of the prompt line and everything above
 * it, so it never fires twice, even after the cooldown, while a new prompt that looks the same but follows new
 * output does. Enter is sent at most once per cooldown per pane. The master's own window is never rescued.
 * The caller (the master) carries out {@link RescueDecision#shouldExecute() executable} decisions.
 */
public final class AutoRescuer {
    public static final String MASTER_WINDOW = "master";

    private final WaitPatternDetector detector;
    private final RescuePolicy policy;
    private final RescueDecisionLog log;
    private final Clock clock;
    private final Map<String, PaneMemory> panes = new HashMap<>();

    /** What the rescuer remembers about one pane. */
    private static final class PaneMemory {
        long decidedPrompt;
        Instant decidedAt;
        Instant lastEnterAt;
        long coolingLogged;
    }

    public AutoRescuer(WaitPatternDetector detector, RescuePolicy policy, RescueDecisionLog log, Clock clock) {
        this.detector = Objects.requireNonNull(detector);
        this.policy = Objects.requireNonNull(policy);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * The default detector, the policy from the AI_SWARM_AUTO_RESCUE_* settings, the swarm's decision log, and the
     * memory of the recent decisions in that log: a restarted master does not answer or report a prompt again.
     */
    public static AutoRescuer create(SwarmConfig config, Path decisionsLog, Clock clock) {
        AutoRescuer rescuer = new AutoRescuer(WaitPatternDetector.defaults(), RescuePolicy.from(config),
                new RescueDecisionLog(decisionsLog), clock);
        rescuer.restoreFromLog();
        return rescuer;
    }

    /** Remembers the prompts settled in the decision log (the last one per pane) and the last Enter per pane. */
    public synchronized void restoreFromLog() {
        for (RescueDecisionLog.Settled s : log.recentSettled()) {
            PaneMemory pane = panes.computeIfAbsent(s.workerId(), id -> new PaneMemory());
            pane.decidedPrompt = s.promptId();
            pane.decidedAt = s.ts();
            if (s.action() == RescueAction.SEND_ENTER) pane.lastEnterAt = s.ts();
        }
    }

    public RescuePolicy policy() {
        return policy;
    }

    public WaitPatternDetector detector() {
        return detector;
    }

    /**
     * Looks at a pane's screen (a capture of its last lines) and decides. Decisions about a prompt are appended to
     * the decision log before they are returned; "nothing waits" and "same prompt as already decided" are not logged.
     */
    public synchronized RescueDecision inspect(String workerId, String screen) {
        if (workerId == null || workerId.isBlank()) throw new IllegalArgumentException("worker id must not be blank");
        Instant now = clock.instant();
        if (MASTER_WINDOW.equals(workerId)) {
            return none(workerId, now, "the master's own window is never rescued");
        }
        Detection detection = detector.detect(screen);
        if (!detection.waiting()) {
            return decision(workerId, detection, policy.decide(detection), now);
        }
        PaneMemory pane = panes.computeIfAbsent(workerId, id -> new PaneMemory());
        long prompt = fingerprint(detection.promptAndAbove());
        if (pane.decidedAt != null && pane.decidedPrompt == prompt) {
            return decision(workerId, detection, new PolicyVerdict(RescueAction.NONE,
                    "same prompt as decided at " + Json.format(pane.decidedAt)
                            + ", no new output since"), now);
        }
        PolicyVerdict verdict = policy.decide(detection);
        if (verdict.action() == RescueAction.SEND_ENTER && coolingDown(pane, now)) {
            Duration left = policy.cooling().minus(Duration.between(pane.lastEnterAt, now));
            RescueDecision cooling = decision(workerId, detection, new PolicyVerdict(RescueAction.NONE,
                    "cooling down: Enter was sent " + Duration.between(pane.lastEnterAt, now).toSeconds()
                            + " s ago (" + RescuePolicy.ENV_COOLING + "=" + policy.cooling().toSeconds()
                            + " s, " + Math.max(1, left.toSeconds()) + " s left)"), now);
            if (pane.coolingLogged != prompt) log.append(cooling, null); // once per prompt, not once per scan
            pane.coolingLogged = prompt;
            return cooling;
        }
        if (policy.dryRun() && verdict.action() != RescueAction.NONE) {
            verdict = new PolicyVerdict(verdict.action(), "dry run (" + RescuePolicy.ENV_DRY_RUN + "): would "
                    + describe(verdict.action()) + "; " + verdict.reason());
        }
        RescueDecision decided = decision(workerId, detection, verdict, now);
        log.append(decided, prompt);
        pane.decidedPrompt = prompt;
        pane.decidedAt = now;
        if (verdict.action() == RescueAction.SEND_ENTER) pane.lastEnterAt = now;
        return decided;
    }

    /** Forgets a pane (respawned for a new task, or gone): its next prompt is new whatever it looks like. */
    public synchronized void forget(String workerId) {
        panes.remove(workerId);
    }

    private boolean coolingDown(PaneMemory pane, Instant now) {
        return pane.lastEnterAt != null && Duration.between(pane.lastEnterAt, now).compareTo(policy.cooling()) < 0;
    }

    private RescueDecision decision(String workerId, Detection d, PolicyVerdict verdict, Instant now) {
        return new RescueDecision(workerId, d.category(), d.patternName(), d.matchedLine(), verdict.action(),
                verdict.reason(), policy.dryRun(), now);
    }

    private RescueDecision none(String workerId, Instant now, String reason) {
        return new RescueDecision(workerId, PatternCategory.NONE, "", "", RescueAction.NONE, reason,
                policy.dryRun(), now);
    }

    private static String describe(RescueAction action) {
        return action == RescueAction.SEND_ENTER ? "send Enter" : "raise HELP";
    }

    /** 64-bit FNV-1a over the lines: a collision would need two different prompts with the same history. */
    static long fingerprint(List<String> lines) {
        long hash = 0xcbf29ce484222325L;
        for (String line : lines) {
            for (int i = 0; i < line.length(); i++) {
                hash = (hash ^ line.charAt(i)) * 0x100000001b3L;
            }
            hash = (hash ^ '\n') * 0x100000001b3L;
        }
        return hash;
    }
}
