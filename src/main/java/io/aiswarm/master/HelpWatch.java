package io.aiswarm.master;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A HELP ends when its prompt is gone from the screen, not when something was typed: keys that did nothing (an Esc
 * typed as text, an {@code n} an agent ignores) leave the prompt there and the HELP open. For the workers whose last
 * line is HELP or WAIT, each look at their screen that finds no prompt any more writes START for their task ("working
 * again"), once. Agent workers are left to their turn monitor, which reads their dialogs with their profile.
 */
final class HelpWatch {
    private final TaskQueue queue;
    private final StatusBroadcaster broadcaster;
    private final WaitPatternDetector detector;
    private final Set<String> agentWorkers;
    /** Worker -> task of its open HELP, as of the last round. */
    private final Map<String, String> open = new HashMap<>();

    HelpWatch(TaskQueue queue, StatusBroadcaster broadcaster, WaitPatternDetector detector, Set<String> agentWorkers) {
        this.queue = queue;
        this.broadcaster = broadcaster;
        this.detector = detector;
        this.agentWorkers = agentWorkers; // may grow while the master runs (swarm scale)
    }

    /** Notes which running workers wait on a HELP now. */
    synchronized void observed(Map<String, WorkerStatus> statuses) {
        open.clear();
        for (WorkerStatus s : statuses.values()) {
            boolean waiting = s.state() == BroadcastState.HELP || s.state() == BroadcastState.WAIT;
            if (waiting && s.hasTask() && s.pane() == PaneState.ALIVE && !agentWorkers.contains(s.workerId())) {
                open.put(s.workerId(), s.taskId());
            }
        }
    }

    synchronized Set<String> workers() {
        return Set.copyOf(open.keySet());
    }

    /** Looks at fresh captures; returns the workers whose HELP it closed. */
    synchronized Map<String, String> check(Map<String, String> screens) {
        Map<String, String> closed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : screens.entrySet()) {
            String task = open.get(e.getKey());
            if (task == null || detector.detect(e.getValue()).waiting()) continue;
            open.remove(e.getKey());
            Optional<TaskInfo> t = queue.get(task).filter(x -> x.status().isActive() && e.getKey().equals(x.workerId()));
            if (t.isEmpty()) continue; // it ended: its DONE or ERROR closed the HELP already
            broadcaster.broadcast(e.getKey(), task, BroadcastState.START, "working again: the prompt is gone from the "
                    + "screen", Map.of("raised_by", "master", "attempt", t.get().attempts()));
            closed.put(e.getKey(), task);
        }
        return closed;
    }
}
