package io.aiswarm.agent;

import io.aiswarm.master.ScreenObserver;
import io.aiswarm.master.TaskSender;
import io.aiswarm.master.WorkerRouter;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskRouting;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The master's view of a swarm's workers from its {@link WorkerRoster}: which worker may take which task (profile,
 * labels, draining) and, for each agent profile in it, the {@link AgentWorkers} that type prompts and read the
 * screens the master captures of their panes (a {@link ScreenObserver} for all of them).
 * The roster is read again when it changes (`swarm scale`): a new profile's agents get their own group, added and
 * removed workers join and leave their group. Without a roster every worker is an exec worker without labels.
 */
public final class SwarmWorkers implements WorkerRouter, ScreenObserver {
    /** How often the roster file is looked at (one stat), at most. */
    static final Duration LOOK_EVERY = Duration.ofMillis(250);
    private final SwarmConfig config;
    private final TmuxSwarmManager tmux;
    private final StatusBroadcaster broadcaster;
    private final Clock clock;
    private final Consumer<String> log;
    private final Map<String, AgentWorkers> groups = new ConcurrentHashMap<>();
    private final Set<String> agentWorkers = ConcurrentHashMap.newKeySet();
    private volatile WorkerRoster roster;
    /** Whether the swarm has a roster file (else every worker is an exec worker without labels). */
    private volatile boolean rosterFile;
    private Object seenVersion;
    private Instant lastLook = Instant.MIN;

    private SwarmWorkers(SwarmConfig config, TmuxSwarmManager tmux, StatusBroadcaster broadcaster, Clock clock,
                         Consumer<String> log) {
        this.config = config;
        this.tmux = tmux;
        this.broadcaster = broadcaster;
        this.clock = clock;
        this.log = log;
    }

    /** Reads the roster now: a profile it names that cannot be loaded is an error before the master starts. */
    public static SwarmWorkers open(SwarmConfig config, TmuxSwarmManager tmux, StatusBroadcaster broadcaster,
                                    Clock clock, Consumer<String> log) {
        SwarmWorkers workers = new SwarmWorkers(config, tmux, broadcaster, clock, log);
        workers.reload(true);
        return workers;
    }

    /** The roster as last read (empty workers list when the swarm has none). */
    public WorkerRoster roster() {
        refreshIfDue();
        return roster;
    }

    /** The group that runs this profile's agents, when the swarm has any. */
    public Optional<AgentWorkers> group(String profile) {
        return Optional.ofNullable(groups.get(profile));
    }

    @Override
    public TaskSender agentSender(String workerId) {
        Optional<WorkerRoster.Worker> w = roster().worker(workerId);
        if (w.isEmpty() || !w.get().isAgent()) return null;
        AgentWorkers group = groups.get(w.get().agent());
        return group == null ? null : group.delivery();
    }

    @Override
    public Collection<TaskSender> agentSenders() {
        List<TaskSender> senders = new ArrayList<>();
        for (AgentWorkers g : groups.values()) senders.add(g.delivery());
        return senders;
    }

    /**
     * A worker the roster lists takes what its profile and labels fit. A pane the roster does not list takes nothing
     * (it may be a worker being added, whose profile is not known yet), unless the swarm has no roster at all (an
     * older version's exec swarm): then every worker is an exec worker without labels.
     */
    @Override
    public boolean accepts(TaskInfo task, String workerId) {
        WorkerRoster now = roster();
        Optional<WorkerRoster.Worker> w = now.worker(workerId);
        if (w.isEmpty() && rosterFile) return false;
        return TaskRouting.accepts(task, w.orElse(new WorkerRoster.Worker(workerId, TaskRouting.EXEC, List.of(),
                false)));
    }

    /** Draining workers with nothing to finish leave: their pane is closed and the roster forgets them. */
    @Override
    public void settle(Set<String> busy) {
        List<String> done = new ArrayList<>();
        for (WorkerRoster.Worker w : roster().workers()) if (w.draining() && !busy.contains(w.id())) done.add(w.id());
        if (done.isEmpty()) return;
        for (String id : done) {
            try {
                tmux.removeWorker(id);
            } catch (RuntimeException e) {
                // its pane is already gone: the roster forgets it all the same
            }
        }
        WorkerRoster.update(config.swarmDir(), roster.workdir(), r -> r.with(r.workers().stream()
                .filter(w -> !(w.draining() && done.contains(w.id()))).toList()));
        log.accept("removed drained worker(s) " + String.join(", ", done));
        reload(false);
    }

    @Override
    public Set<String> agentWorkers() {
        return agentWorkers;
    }

    /** The agent workers whose screens are followed (refreshed from the roster first). */
    @Override
    public Set<String> workers() {
        refreshIfDue();
        return agentWorkers;
    }

    /** A capture of an agent's pane goes to the monitor of its profile. */
    @Override
    public Optional<Duration> observe(String workerId, String screen) {
        AgentWorkers group = groupOf(workerId);
        return group == null ? Optional.empty() : group.screens().observe(workerId, screen);
    }

    @Override
    public Optional<String> exited(String workerId, Integer exitStatus) {
        AgentWorkers group = groupOf(workerId);
        return group == null ? Optional.empty() : group.screens().exited(workerId, exitStatus);
    }

    private AgentWorkers groupOf(String workerId) {
        Optional<WorkerRoster.Worker> w = roster.worker(workerId);
        return w.isEmpty() || !w.get().isAgent() ? null : groups.get(w.get().agent());
    }

    synchronized void refreshIfDue() {
        Instant now = clock.instant();
        if (Duration.between(lastLook, now).compareTo(LOOK_EVERY) < 0 && roster != null) return;
        lastLook = now;
        reload(false);
    }

    /** Reads the roster when its file changed; a file that does not parse keeps the last roster, and says so. */
    private synchronized void reload(boolean first) {
        Object version = version(WorkerRoster.path(config.swarmDir()));
        if (!first && java.util.Objects.equals(version, seenVersion)) return;
        WorkerRoster next;
        try {
            Optional<WorkerRoster> read = WorkerRoster.read(config.swarmDir());
            rosterFile = read.isPresent();
            next = read.orElse(new WorkerRoster(Path.of("."), List.of()));
        } catch (RuntimeException e) {
            if (first) throw e;
            log.accept("the workers' roster could not be read (" + e.getMessage() + "); keeping the last one");
            seenVersion = version;
            return;
        }
        Map<String, List<String>> byProfile = next.agentWorkers();
        for (Map.Entry<String, List<String>> e : byProfile.entrySet()) {
            AgentWorkers group = groups.get(e.getKey());
            if (group == null) {
                Set<String> members = ConcurrentHashMap.newKeySet();
                members.addAll(e.getValue());
                group = AgentWorkers.open(config, AgentProfiles.load(config).get(e.getKey()), members, tmux,
                        broadcaster, clock);
                groups.put(e.getKey(), group);
                if (!first) log.accept("agents of profile " + e.getKey() + " joined: " + e.getValue());
            } else {
                group.workers().retainAll(e.getValue());
                group.workers().addAll(e.getValue());
            }
        }
        for (Map.Entry<String, AgentWorkers> g : groups.entrySet()) {
            if (!byProfile.containsKey(g.getKey())) g.getValue().workers().clear();
        }
        agentWorkers.retainAll(byProfile.values().stream().flatMap(List::stream).toList());
        byProfile.values().forEach(agentWorkers::addAll);
        roster = next;
        seenVersion = version;
    }

    /** What tells a changed file: its modification time, size and inode (null: no file). */
    private static Object version(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return null;
        }
    }

}
