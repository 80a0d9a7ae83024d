package io.aiswarm.cli;

import io.aiswarm.agent.AgentProfile;
import io.aiswarm.agent.AgentProfiles;
import io.aiswarm.agent.AgentSwarmUp;
import io.aiswarm.state.StatusBroadcaster;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.WorkerRoster;
import io.aiswarm.state.WorkerScaling;
import io.aiswarm.state.file.FileMasterLease;
import io.aiswarm.stores.SwarmStores;
import io.aiswarm.tmux.AgentPane;
import io.aiswarm.tmux.TmuxSwarmManager;
import io.aiswarm.workspace.WorkspaceSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code swarm scale [PROFILE:]N}: adds or removes workers of a running swarm. */
@Command(name = "scale", mixinStandardHelpOptions = true, description = {
        "Sets how many workers of one kind a running swarm has: [PROFILE:]N[@LABEL[+LABEL]] (e.g. 4, claude:2, "
                + "exec:1@gpu; without PROFILE the swarm's one kind).",
        "New workers start at once (agents seeded and hooked as `swarm up` does). Idle workers are removed; a busy one "
                + "drains: it takes no new task and the master removes it when its task ends."})
public class ScaleCommand implements Callable<Integer> {
    /** How long to wait for the master to remove idle workers before leaving it to its next rounds. */
    static final Duration AWAIT_REMOVAL = Duration.ofSeconds(20);

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "[PROFILE:]N[@LABELS]", description = "How many workers of this kind.")
    String target;

    @Option(names = "--no-hooks", description = "New agents: do not install their hooks (screen reading only).")
    boolean noHooks;

    @Override
    public Integer call() throws InterruptedException {
        SwarmConfig config = cluster.config();
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (TmuxSwarmManager tmux = WorkerCommand.connectRunning(config,
                "start the swarm with `swarm up` (swarm scale changes a running one)");
             SwarmStore store = SwarmStores.open(config, clock)) {
            Set<String> panes = new HashSet<>();
            for (AgentPane p : tmux.panes(false)) panes.add(p.workerId());
            WorkerRoster roster = WorkerRoster.read(config.swarmDir()).orElseGet(() -> execRoster(panes));
            WorkerScaling scaling = WorkerScaling.parse(target, roster);
            Map<String, AgentProfile> profiles = new LinkedHashMap<>();
            if (!scaling.agent().equals(io.aiswarm.state.TaskRouting.EXEC)) {
                profiles.put(scaling.agent(), AgentProfiles.load(config).get(scaling.agent()));
            }
            Set<String> busy = new HashSet<>();
            for (TaskInfo t : store.queue().active()) busy.add(t.workerId());
            WorkerScaling.Plan plan = scaling.plan(roster, busy, panes);
            if (plan.isEmpty()) {
                out.println("swarm: the swarm has " + scaling.target() + " " + scaling.kind() + " worker(s) already");
                return SwarmMain.EXIT_OK;
            }
            AgentSwarmUp.checkCommands(config, profiles, plan.add(), roster.workdir());
            // with a master running, it removes idle workers itself (between two dispatches, so none is given a task)
            boolean masterRuns = FileMasterLease.holder(config.paths().masterLock()).isPresent();
            List<String> drainNow = new ArrayList<>(plan.drain());
            if (masterRuns) drainNow.addAll(plan.remove());
            WorkerScaling.Plan written = new WorkerScaling.Plan(plan.undrain(), plan.add(),
                    masterRuns ? List.of() : plan.remove(), drainNow);
            // listed before their panes start: the master never sees a pane whose kind it does not know
            WorkerRoster.update(config.swarmDir(), roster.workdir(),
                    r -> written.applyTo(r.workers().isEmpty() ? roster : r));
            if (!plan.add().isEmpty()) {
                AgentSwarmUp.Prepared prepared = AgentSwarmUp.prepare(config, profiles, plan.add(), roster.workdir(),
                        !noHooks, WorkspaceSettings.read(config.swarmDir()).orElse(null));
                prepared.start(tmux);
            }
            StatusBroadcaster broadcaster = new StatusBroadcaster(store.statusLog(), clock);
            for (WorkerRoster.Worker w : plan.add()) {
                if (!w.isAgent()) broadcaster.broadcastStart(w.id(), "", "added by swarm scale"); // idle: wakes the master
                out.println("swarm: added " + w.describe());
            }
            plan.undrain().forEach(id -> out.println("swarm: " + id + " stays (it was draining)"));
            if (!masterRuns) {
                for (String id : plan.remove()) {
                    try {
                        tmux.removeWorker(id);
                    } catch (RuntimeException e) {
                        // its pane was gone already
                    }
                    out.println("swarm: removed " + id);
                }
            } else if (!plan.remove().isEmpty()) {
                plan.remove().forEach(id -> broadcaster.broadcastStart(id, "", "draining (swarm scale)"));
                awaitRemoved(config, plan.remove(), out);
            }
            for (String id : plan.drain()) {
                out.println("swarm: " + id + " drains: it takes no new task and leaves when its task ends");
            }
            return SwarmMain.EXIT_OK;
        }
    }

    /** Waits for the master to remove these idle workers; says which it has not removed yet. */
    private static void awaitRemoved(SwarmConfig config, List<String> ids, PrintWriter out)
            throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT_REMOVAL.toNanos();
        List<String> left = new ArrayList<>(ids);
        while (true) {
            WorkerRoster now = WorkerRoster.read(config.swarmDir()).orElseThrow();
            for (String id : new ArrayList<>(left)) {
                if (now.worker(id).isEmpty()) {
                    out.println("swarm: removed " + id);
                    out.flush();
                    left.remove(id);
                }
            }
            if (left.isEmpty()) return;
            if (System.nanoTime() > deadline) {
                out.println("swarm: " + String.join(", ", left) + " drain; the master removes them in its next round");
                return;
            }
            Thread.sleep(100);
        }
    }

    /** A swarm an older version started has no roster: its panes are exec workers. */
    private static WorkerRoster execRoster(Set<String> panes) {
        List<WorkerRoster.Worker> workers = new ArrayList<>();
        panes.stream().sorted(io.aiswarm.state.WorkerIds.ORDER).forEach(id -> workers.add(
                new WorkerRoster.Worker(id, io.aiswarm.state.TaskRouting.EXEC, List.of(), false)));
        return new WorkerRoster(Path.of("").toAbsolutePath(), workers);
    }
}
