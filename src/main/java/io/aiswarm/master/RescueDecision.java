package io.aiswarm.master;

import java.time.Instant;

/**
 * One decision of the auto-rescuer about one pane.
 *
 * @param workerId    the pane's worker id
 * @param category    the kind of prompt detected (NONE when nothing waits)
 * @param patternName the pattern that matched; empty when nothing waits
 * @param matchedLine the prompt line; empty when nothing waits
 * @param action      what to do; with {@code dryRun} it is what the rescuer WOULD do, and must not be done
 * @param reason      why, in words a person reading the decision log understands
 * @param dryRun      true when AI_SWARM_AUTO_RESCUE_DRY_RUN is on
 * @param ts          when the decision was made
 */
public record RescueDecision(String workerId, PatternCategory category, String patternName, String matchedLine,
                             RescueAction action, String reason, boolean dryRun, Instant ts) {

    /** True when the master should carry out {@link #action()} now (an action, and not a dry run). */
    public boolean shouldExecute() {
        return action != RescueAction.NONE && !dryRun;
    }
}
