package io.aiswarm.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code swarm scale [PROFILE:]N[@LABEL[+LABEL]]}: how many workers of one kind (a profile with exactly these labels)
 * the swarm should have, and what that takes from its roster: workers to add (draining ones of that kind are kept
 * first), idle workers to remove now, busy ones to drain (they take no new task and leave when theirs ends). Pure.
 */
public record WorkerScaling(String agent, List<String> labels, int target) {
    private static final Pattern SPEC = Pattern.compile("(?:([^:@]+):)?(\\d{1,4})(?:@(.+))?");

    /** What scaling does: ids to keep again, workers to add, idle ids to remove now, busy ids to drain. */
    public record Plan(List<String> undrain, List<WorkerRoster.Worker> add, List<String> remove, List<String> drain) {
        public boolean isEmpty() {
            return undrain.isEmpty() && add.isEmpty() && remove.isEmpty() && drain.isEmpty();
        }

        /** The roster once the plan is written: new workers added, removed ones gone, drained ones marked. */
        public WorkerRoster applyTo(WorkerRoster roster) {
            List<WorkerRoster.Worker> next = new ArrayList<>();
            for (WorkerRoster.Worker w : roster.workers()) {
                if (remove.contains(w.id())) continue;
                if (undrain.contains(w.id())) next.add(w.draining(false));
                else if (drain.contains(w.id())) next.add(w.draining(true));
                else next.add(w);
            }
            next.addAll(add);
            return roster.with(next);
        }
    }

    /**
     * Reads {@code spec}; without a profile the swarm's one kind of worker is meant ({@code roster} says which; exec
     * when it lists none), and a swarm of several kinds needs it named.
     */
    public static WorkerScaling parse(String spec, WorkerRoster roster) {
        Matcher m = SPEC.matcher(spec == null ? "" : spec.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("swarm scale " + spec + ": give [PROFILE:]N[@LABEL[+LABEL]], e.g. "
                    + "swarm scale 4, swarm scale claude:2 or swarm scale exec:1@gpu (N: how many the swarm should have)");
        }
        int target = Integer.parseInt(m.group(2));
        if (target > WorkerMix.MAX_WORKERS) {
            throw new IllegalArgumentException("swarm scale " + spec + ": at most " + WorkerMix.MAX_WORKERS + " workers");
        }
        List<String> labels = m.group(3) == null ? List.of()
                : TaskRouting.parseLabels("swarm scale " + spec + ": label", List.of(m.group(3).replace('+', ',')));
        String agent = m.group(1);
        if (agent == null) {
            Set<String> kinds = new java.util.TreeSet<>();
            for (WorkerRoster.Worker w : roster.workers()) kinds.add(w.agent());
            if (kinds.size() > 1) {
                throw new IllegalArgumentException("swarm scale " + spec + ": this swarm runs " + kinds + " workers;"
                        + " name the profile, e.g. swarm scale " + kinds.iterator().next() + ":" + target);
            }
            agent = kinds.isEmpty() ? TaskRouting.EXEC : kinds.iterator().next();
        } else if (!SafeNames.isSafe(agent.strip())) {
            throw new IllegalArgumentException("swarm scale " + spec + ": profile '" + agent + "': " + SafeNames.RULE);
        }
        return new WorkerScaling(agent.strip(), labels, target);
    }

    /** Whether a worker is of this kind: its profile, and exactly these labels. */
    public boolean matches(WorkerRoster.Worker w) {
        return w.agent().equals(agent) && new HashSet<>(w.labels()).equals(new HashSet<>(labels));
    }

    /**
     * The plan for {@code roster}: {@code busy} workers have an active task; {@code taken} ids are in use (the roster's
     * and the session's panes). Idle workers go first, the newest first; then busy ones drain.
     */
    public Plan plan(WorkerRoster roster, Set<String> busy, Set<String> taken) {
        List<WorkerRoster.Worker> serving = new ArrayList<>();
        List<WorkerRoster.Worker> draining = new ArrayList<>();
        for (WorkerRoster.Worker w : roster.workers()) {
            if (matches(w)) (w.draining() ? draining : serving).add(w);
        }
        List<String> undrain = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> drain = new ArrayList<>();
        List<WorkerRoster.Worker> add = new ArrayList<>();
        int missing = target - serving.size();
        for (WorkerRoster.Worker w : draining) {
            if (missing > 0) {
                undrain.add(w.id());
                missing--;
            } else if (!busy.contains(w.id())) {
                remove.add(w.id()); // drained already
            }
        }
        if (missing > 0) {
            Set<String> ids = new HashSet<>(taken);
            roster.workers().forEach(w -> ids.add(w.id()));
            add.addAll(new WorkerMix(List.of(new WorkerMix.Group(agent, missing, labels))).newWorkers(ids));
        }
        List<WorkerRoster.Worker> newestFirst = new ArrayList<>(serving);
        newestFirst.sort((a, b) -> WorkerIds.ORDER.compare(b.id(), a.id()));
        int extra = -missing;
        for (WorkerRoster.Worker w : newestFirst) {
            if (extra <= 0) break;
            if (!busy.contains(w.id())) {
                remove.add(w.id());
                extra--;
            }
        }
        for (WorkerRoster.Worker w : newestFirst) {
            if (extra <= 0) break;
            if (busy.contains(w.id())) {
                drain.add(w.id());
                extra--;
            }
        }
        return new Plan(undrain, add, remove, drain);
    }

    /** The kind as people read it: {@code claude}, {@code exec@gpu}. */
    public String kind() {
        return agent + (labels.isEmpty() ? "" : "@" + String.join("+", labels));
    }
}
