package io.aiswarm.master;

import io.aiswarm.state.StatusBroadcaster;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Carries out the auto-rescuer's decisions for the panes of one scan: Enter as a key for a bare "press Enter",
 * HELP for anything a person must decide. Only panes whose process runs are looked at: a finished exec pane
 * still shows its last task's output, which must not fire. In a dry run nothing is typed or written.
 */
final class RescueStep {
    private final AutoRescuer rescuer;
    private final WorkerPanes panes;
    private final StatusBroadcaster broadcaster;
    private final MasterListener listener;
    private final boolean dryRun;
    private final Set<String> agentWorkers;

    /**
     * @param agentWorkers workers that run an agent: their turn monitor raises HELP for their prompts, naming the
     *                     command (one prompt, one HELP); the rescuer only presses Enter at their bare pauses
     */
    RescueStep(AutoRescuer rescuer, WorkerPanes panes, StatusBroadcaster broadcaster, MasterListener listener,
               boolean dryRun, Set<String> agentWorkers) {
        this.agentWorkers = agentWorkers; // may grow while the master runs (swarm scale)
        this.rescuer = rescuer;
        this.panes = panes;
        this.broadcaster = broadcaster;
        this.listener = listener;
        this.dryRun = dryRun;
    }

    /**
     * @param screens  captured screens by worker
     * @param running  workers whose pane's process runs, with their task id ("" for none)
     */
    void run(Map<String, String> screens, Map<String, String> running) {
        for (Map.Entry<String, String> screen : screens.entrySet()) {
            String worker = screen.getKey();
            String taskId = running.get(worker);
            if (taskId == null) continue;
            RescueDecision decision = rescuer.inspect(worker, screen.getValue());
            if (decision.action() == RescueAction.NONE) continue;
            if (decision.action() == RescueAction.RAISE_HELP && agentWorkers.contains(worker)) continue;
            boolean execute = decision.shouldExecute() && !dryRun;
            listener.rescued(worker, decision.action().name() + (execute ? "" : " (dry run, not done)"),
                    decision.reason());
            if (!execute) continue;
            if (decision.action() == RescueAction.SEND_ENTER) {
                panes.sendKey(worker, "Enter");
            } else {
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("raised_by", "rescuer");
                meta.put("category", decision.category().name());
                meta.put("pattern", decision.patternName());
                meta.put("reason", decision.reason());
                meta.put("prompt", decision.matchedLine().strip()); // what `swarm answer` checks is still there
                broadcaster.broadcastHelp(worker, taskId, "prompt needs a person: "
                        + decision.matchedLine().strip() + " (answer with: swarm answer " + worker + " yes|no|cancel)",
                        meta);
            }
        }
    }

    /** The worker's pane was respawned for a new task: what it showed before is history. */
    void forget(String workerId) {
        rescuer.forget(workerId);
    }
}
