package io.aiswarm.answer;

import io.aiswarm.agent.AgentProfile;
import io.aiswarm.agent.AgentProfiles;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.agent.AnswerKeys;
import io.aiswarm.master.PaneTerminal;
import io.aiswarm.master.WorkerPanes;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLog;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.view.HelpAnswerer;
import io.aiswarm.view.Requester;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one way a person's yes, no or cancel reaches a worker's prompt: {@code swarm answer}, the web page and
 * {@code swarm top} all come here. It reads the live prompt, refuses when nothing waits, when the prompt is not the
 * one the worker's HELP named, or when it cannot tell which keys mean the answer ({@link AnswerPlan}); types the keys;
 * then watches the screen until the prompt is gone. Only then is the answer recorded, with who gave it and from where,
 * as START for the task the HELP was raised for, which ends the HELP (if that task ended meanwhile, the line is stale
 * and changes nothing: see {@code StaleWorkerLines}). A prompt still there after the answer is reported and its HELP
 * stays open. The keys typed are logged, never text a person typed.
 */
public final class HelpAnswer implements HelpAnswerer {
    /** Measured here: the agent CLIs close a dialog within half a second of the key; a shell at once. */
    public static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    private final PaneTerminal panes;
    private final StatusLog log;
    private final TaskQueue queue;
    private final StatusBroadcaster broadcaster;
    private final Function<String, AgentProfile> profileOf;
    private final Duration closeWithin;
    private final Duration lookEvery;

    /**
     * @param profileOf   the agent profile a worker runs; null for an exec worker
     * @param closeWithin how long the prompt may take to go away after the keys
     */
    public HelpAnswer(PaneTerminal panes, StatusLog log, TaskQueue queue, StatusBroadcaster broadcaster,
                      Function<String, AgentProfile> profileOf, Duration closeWithin) {
        this.panes = panes;
        this.log = log;
        this.queue = queue;
        this.broadcaster = broadcaster;
        this.profileOf = profileOf;
        this.closeWithin = closeWithin;
        this.lookEvery = Duration.ofMillis(150);
    }

    /**
     * The answer for a swarm: the profile of each agent worker from {@code workers.json} (none: an exec worker),
     * prompts given 5 s to close.
     */
    public static HelpAnswer forSwarm(SwarmConfig config, SwarmStore store, WorkerPanes panes, Clock clock) {
        // read at each answer: `swarm scale` may have added agents since a serving master started
        java.util.function.Function<String, AgentProfile> profileOf = worker -> WorkerRoster.read(config.swarmDir())
                .flatMap(r -> r.worker(worker)).filter(WorkerRoster.Worker::isAgent)
                .map(w -> AgentProfiles.load(config).get(w.agent())).orElse(null);
        return new HelpAnswer(panes, store.statusLog(), store.queue(), new StatusBroadcaster(store.statusLog(), clock),
                profileOf, CLOSE_WITHIN);
    }

    @Override
    public String answer(String workerId, Answer answer, Integer option, Requester by) {
        AgentProfile profile = profileOf.apply(workerId);
        ScreenPrompt before = read(workerId, profile)
                .orElseThrow(() -> new AnswerRefused("no pane for worker '" + workerId + "'"));
        Optional<StatusEvent> help = openHelp(workerId);
        if (before.waiting() && help.isPresent()) {
            String named = named(help.get());
            if (!named.isEmpty() && !before.shows(named)) {
                throw new AnswerRefused("the prompt on " + workerId + "'s screen changed since its HELP (which asked "
                        + "about '" + named + "'; now: '" + before.about() + "'): nothing was typed; look again");
            }
        }
        Keystrokes keys = AnswerPlan.plan(workerId, before, answer, option,
                profile != null ? profile.answer() : AnswerKeys.SHELL_MENU);
        keys.typeInto(panes, workerId);
        Optional<ScreenPrompt> still = stillOpen(workerId, profile, before);
        if (still.isPresent()) {
            throw new AnswerRefused(keys.said() + ", but " + workerId + "'s prompt is still open after "
                    + closeWithin.toSeconds() + " s ('" + still.get().line() + "'): its HELP stays; look at the pane "
                    + "(swarm attach)");
        }
        record(workerId, help, answer, option, keys, before, by);
        return keys.said() + " at '" + before.line() + "'; the prompt closed";
    }

    private Optional<ScreenPrompt> read(String workerId, AgentProfile profile) {
        String screen;
        try {
            screen = panes.capture(workerId);
        } catch (RuntimeException e) {
            return Optional.empty(); // no such pane (any more)
        }
        return Optional.of(ScreenPrompt.read(screen, profile));
    }

    /** Looks again until the prompt is gone (or another one shows); the prompt still there after the wait, if so. */
    private Optional<ScreenPrompt> stillOpen(String workerId, AgentProfile profile, ScreenPrompt before) {
        long deadline = System.nanoTime() + closeWithin.toNanos();
        while (true) {
            sleep(lookEvery);
            Optional<ScreenPrompt> now = read(workerId, profile);
            if (now.isEmpty() || !now.get().sameAs(before)) return Optional.empty();
            if (System.nanoTime() > deadline) return now;
        }
    }

    /** The worker's HELP (or WAIT) when it is its last status line: the prompt the person was told of. */
    private Optional<StatusEvent> openHelp(String workerId) {
        StatusEvent last = log.lastEvents(Set.of(workerId)).get(workerId);
        if (last == null || last.state() != BroadcastState.HELP && last.state() != BroadcastState.WAIT) {
            return Optional.empty();
        }
        return Optional.of(last);
    }

    /** What a HELP line said the prompt was about: the agent's command, or the prompt line the rescuer saw. */
    private static String named(StatusEvent help) {
        for (String key : new String[]{"waiting_for", "prompt"}) {
            Object v = help.meta().get(key);
            if (v instanceof String s && !s.isBlank()) return s.strip();
        }
        return "";
    }

    /**
     * START for the task the HELP was raised for (else the worker's active task): it refers to the task it answered,
     * so an answer never makes work that is not there.
     */
    private void record(String workerId, Optional<StatusEvent> help, Answer answer, Integer option, Keystrokes keys,
                        ScreenPrompt prompt, Requester by) {
        // the task the HELP named, even when it ended meanwhile (the START is then stale: the master ignores it)
        Optional<TaskInfo> task = help.filter(StatusEvent::hasTask).flatMap(h -> queue.get(h.taskId()))
                .or(() -> queue.active().stream().filter(t -> workerId.equals(t.workerId())).findFirst());
        if (task.isEmpty()) return;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("answered_by", by.who());
        meta.put("via", by.via());
        if (by.from() != null && !by.from().isEmpty()) meta.put("from", by.from());
        meta.put("answer", answer.json());
        if (option != null) meta.put("option", option);
        meta.put("keys", keys.said());
        meta.put("prompt", prompt.about());
        meta.put("attempt", task.get().attempts());
        broadcaster.broadcast(workerId, task.get().taskId(), BroadcastState.START, "answered " + answer.json() + " by "
                + by.describe() + ": the prompt closed", meta);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnswerRefused("interrupted while watching the prompt");
        }
    }
}
