package io.aiswarm.demo;

import io.aiswarm.answer.AnswerRefused;
import io.aiswarm.answer.HelpAnswer;
import io.aiswarm.master.SwarmSession;
import io.aiswarm.master.TmuxWorkerPanes;
import io.aiswarm.state.NewTask;
import io.aiswarm.view.HelpAnswerer;
import io.aiswarm.view.Requester;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxProcessRunner;
import io.aiswarm.tmux.TmuxQuoting;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code swarm demo}: a self-contained swarm in its own tmux server and swarm directory. Four exec workers run
 * a simulated agent through every path: ordinary tasks, a rescued "Press ENTER", a dangerous question that
 * becomes HELP and is answered as a person would, a failure, and a task that outlives a killed master.
 * The demo only watches and plays the person; the master (a separate process in the session's master window)
 * does all the work.
 */
public final class SwarmDemo {
    private static final String CLUSTER = "demo";
    private static final Duration TIME_LIMIT = Duration.ofSeconds(120);

    private final PrintStream out;
    private final int workers;
    private final boolean keep;
    private final Clock clock = Clock.systemUTC();
    private final Instant started = clock.instant();

    public SwarmDemo(PrintStream out, int workers, boolean keep) {
        this.out = out;
        this.workers = workers;
        this.keep = keep;
    }

    /** Runs the demo; returns true when every task ended as the scenario expects. */
    public boolean run() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ai-swarm-demo-"); // 0700, private to this user
        String socket = "ai-swarm-demo-" + ProcessHandle.current().pid();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(SwarmConfig.ENV_DIR, dir.toString());
        env.put(SwarmConfig.ENV_TMUX_SOCKET, socket);
        env.put("AI_SWARM_AUTO_RESCUE_COOLING", "2");
        SwarmConfig config = SwarmConfig.from(CLUSTER, env);
        FileSwarmStore state = FileSwarmStore.open(config, clock);
        Path script = extractAgentScript(dir);
        Path marks = Files.createDirectories(dir.resolve("marks"));

        out.printf("AI Swarm demo: %d exec workers, %d tasks, swarm directory %s, tmux socket %s%n", workers,
                DemoTask.ALL.size(), dir, socket);
        state.queue().addAll(DemoTask.ALL.stream()
                .map(t -> new NewTask(t.id(), t.command(script, marks), null, t.priority())).toList());
        SessionSpec spec = SwarmSession.spec(config, workers, SessionSpec.LAYOUT_TILED, dir, null);
        // Ctrl-C or SIGTERM (e.g. from `timeout`) must not leave the demo's server and directory behind
        Thread cleanup = new Thread(() -> removeAll(socket, spec.session(), dir), "swarm-demo-cleanup");
        if (!keep) Runtime.getRuntime().addShutdownHook(cleanup);
        TmuxSwarmManager tmux = TmuxSwarmManager.create(spec);
        boolean ok = false;
        try {
            out.printf("%s started session %s: a master window and %d worker panes%n", elapsed(), spec.session(),
                    workers);
            new Choreography(state, tmux, spec,
                    HelpAnswer.forSwarm(config, state, new TmuxWorkerPanes(tmux), clock)).play();
            DemoSummary summary = new DemoSummary(state.queue().list(), marks, elapsed());
            summary.print(out);
            ok = summary.asExpected();
        } finally {
            if (keep) {
                tmux.close();
                out.printf("%nThe session is still running. Attach with:%n  AI_SWARM_TMUX_SOCKET=%s bin/swarm attach "
                        + "--cluster %s%nStop it with:%n  AI_SWARM_TMUX_SOCKET=%s bin/swarm down --cluster %s%n",
                        socket, CLUSTER, socket, CLUSTER);
            } else {
                tmux.close();
                removeAll(socket, spec.session(), dir);
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs already
                }
                out.printf("%s stopped the demo's tmux server and removed %s (--keep keeps both)%n", elapsed(), dir);
            }
        }
        return ok;
    }

    /** Ends the demo's session and tmux server, then deletes its directory. */
    private static void removeAll(String socket, String session, Path dir) {
        try {
            TmuxSwarmManager.stopSession(socket, session);
        } catch (RuntimeException e) {
            // already stopped
        }
        new TmuxProcessRunner(socket).tryRun("kill-server");
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // already gone, or partly: nothing else to do on the way out
        }
    }

    /** What the demo does while the master works: narrate, kill the master once, answer the HELP. */
    private final class Choreography {
        private final FileSwarmStore state;
        private final HelpAnswer answers;
        private final TmuxSwarmManager tmux;
        private final SessionSpec spec;
        private final StatusFollower follower;
        private boolean masterKilled;
        private boolean helpAnswered;
        private int decisionsShown;

        Choreography(FileSwarmStore state, TmuxSwarmManager tmux, SessionSpec spec, HelpAnswer answers) {
            this.state = state;
            this.answers = answers;
            this.tmux = tmux;
            this.spec = spec;
            this.follower = state.statusLog().follow();
        }

        void play() throws IOException, InterruptedException {
            Instant deadline = clock.instant().plus(TIME_LIMIT);
            while (!allFinal()) {
                if (clock.instant().isAfter(deadline)) {
                    out.printf("%s the demo did not finish within %ds; see the summary%n", elapsed(),
                            TIME_LIMIT.toSeconds());
                    break;
                }
                for (StatusEvent e : follower.poll()) narrate(e);
                showDecisions();
                Thread.sleep(100);
            }
            for (StatusEvent e : follower.poll()) narrate(e);
            showDecisions();
        }

        private void narrate(StatusEvent e) {
            out.printf("%s %-9s %-8s %-14s %s%n", elapsed(), e.workerId(), e.state(), e.taskId(), e.message());
            if (e.state() == io.aiswarm.state.BroadcastState.START && e.taskId().equals("migrate-db") && !masterKilled) {
                killAndRestartMaster();
            }
            if (e.state() == io.aiswarm.state.BroadcastState.HELP && e.taskId().equals("clean-build")
                    && !helpAnswered) {
                answerAsAPerson(e.workerId());
            }
        }

        private void killAndRestartMaster() {
            masterKilled = true;
            String[] pane = tmux.client().command("display-message -p -t " + TmuxQuoting.quote(spec.session()
                    + ":master") + " '#{pane_id} #{pane_pid}'").get(0).split(" ");
            ProcessHandle.of(Long.parseLong(pane[1])).ifPresent(ProcessHandle::destroyForcibly);
            out.printf("%s demo: killed the master (pid %s) with SIGKILL while migrate-db runs%n", elapsed(), pane[1]);
            String command = spec.masterCommand().stream().map(TmuxQuoting::shell).collect(Collectors.joining(" "));
            for (String line : tmux.respawnLines(pane[0], TmuxQuoting.quote("exec " + command))) {
                tmux.client().command(line);
            }
            out.printf("%s demo: started a new master; it adopts the running tasks%n", elapsed());
        }

        private void answerAsAPerson(String workerId) {
            helpAnswered = true;
            out.printf("%s demo: a person reads the HELP and declines: swarm answer %s no%n", elapsed(), workerId);
            try {
                String done = answers.answer(workerId, HelpAnswerer.Answer.NO, null,
                        new Requester("cli", "demo", null));
                out.printf("%s demo: %s%n", elapsed(), done);
            } catch (AnswerRefused e) {
                out.printf("%s demo: the answer was refused: %s%n", elapsed(), e.getMessage());
            }
        }

        private void showDecisions() throws IOException {
            Path log = state.paths().decisionsLog();
            if (!Files.exists(log)) return;
            List<String> lines = Files.readAllLines(log);
            for (; decisionsShown < lines.size(); decisionsShown++) {
                Map<?, ?> d = io.aiswarm.state.Json.MAPPER.readValue(lines.get(decisionsShown), Map.class);
                out.printf("%s %-9s RESCUE   %-14s %s: %s%n", elapsed(), d.get("worker_id"), d.get("action"),
                        d.get("category"), d.get("reason"));
            }
        }

        private boolean allFinal() {
            return state.queue().list().stream().map(TaskInfo::status).allMatch(s -> s.isFinal());
        }
    }

    private String elapsed() {
        return String.format("%6.1fs", Duration.between(started, clock.instant()).toMillis() / 1000.0);
    }

    private static Path extractAgentScript(Path dir) throws IOException {
        Path script = dir.resolve("demo-agent.sh");
        try (InputStream in = SwarmDemo.class.getResourceAsStream("demo-agent.sh")) {
            if (in == null) throw new IOException("demo-agent.sh is missing from the build; rebuild with mvn package");
            Files.copy(in, script);
        }
        return script;
    }
}
