package io.aiswarm.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.WorkerIds;
import io.aiswarm.testing.TmuxServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmuxSwarmManagerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final TmuxServer server = new TmuxServer();
    private TmuxSwarmManager manager;
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (manager != null) manager.close();
        server.close();
    }

    private TmuxSwarmManager create(int workers, String layout, List<String> workerCommand) {
        manager = TmuxSwarmManager.create(new SessionSpec(server.socket(), "swarm-t", WorkerIds.first(workers), layout, dir,
                Map.of("AI_SWARM_CLUSTER", "t", "SWARM_TEST_VALUE", "a b'c"), null, workerCommand));
        return manager;
    }

    @Test
    void createsTaggedWorkerPanesWithExplicitEnvironmentAndRefusesASecondTime() throws Exception {
        create(3, "windows", List.of("sh", "-c", "printf '%s|%s|%s|%s\\n' \"$SWARM_TEST_VALUE\" \"$TMUX_PANE\" \"$PWD\" "
                + "\"${OUTER_ONLY:-unset}\" > \"env-${TMUX_PANE#%}.txt\"; exec sleep 1000"));
        List<AgentPane> panes = manager.panes();
        assertThat(panes).extracting(AgentPane::workerId).containsExactly("worker-0", "worker-1", "worker-2");
        assertThat(panes).allSatisfy(p -> {
            assertThat(p.dead()).isFalse();
            assertThat(p.pid()).isPositive();
            assertThat(p.paneId()).startsWith("%");
        });
        assertThat(server.run("list-windows", "-t", "=swarm-t", "-F", "#{window_name}").split("\n"))
                .containsExactly("master", "worker-0", "worker-1", "worker-2");
        assertThat(server.run("show-options", "-p", "-v", "-t", panes.get(1).paneId(), "remain-on-exit").trim())
                .isEqualTo("on");
        String paneId = panes.get(1).paneId();
        Path out = dir.resolve("env-" + paneId.substring(1) + ".txt");
        await().atMost(WAIT).until(() -> Files.exists(out) && Files.readString(out).endsWith("\n"));
        assertThat(Files.readString(out).trim()).isEqualTo("a b'c|" + paneId + "|" + dir.toRealPath() + "|unset");
        assertThatThrownBy(() -> TmuxSwarmManager.create(new SessionSpec(server.socket(), "swarm-t", List.of("worker-0"), "windows",
                dir, Map.of(), null, null))).isInstanceOf(TmuxException.class).hasMessageContaining("already exists");
        assertThat(TmuxSwarmManager.sessionExists(server.socket(), "swarm-t")).isTrue();
    }

    @Test
    void typedTextReachesTheShellInThePane() throws Exception {
        create(1, "windows", List.of("sh"));
        Path out = dir.resolve("typed.txt");
        manager.sendToAgent("worker-0", "echo \"typed $((1+2))\" > " + out);
        await().atMost(WAIT).until(() -> Files.exists(out) && Files.readString(out).equals("typed 3\n"));
    }

    @Test
    void tiledLayoutPutsAllWorkersInOneWindowAndAddWorkerAddsOne() {
        create(4, "tiled", null);
        assertThat(server.run("list-panes", "-t", "=swarm-t:workers", "-F", "#{pane_id}").split("\n")).hasSize(4);
        String pane = manager.addWorker("worker-4", List.of("sleep", "100"));
        assertThat(server.run("list-panes", "-t", "=swarm-t:workers", "-F", "#{pane_id}")).contains(pane);
        assertThat(manager.panes()).extracting(AgentPane::workerId)
                .containsExactlyInAnyOrder("worker-0", "worker-1", "worker-2", "worker-3", "worker-4");
        assertThatThrownBy(() -> manager.addWorker("worker-4", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectToAMissingSessionSaysSo() {
        assertThatThrownBy(() -> TmuxSwarmManager.connect(server.socket(), "swarm-none"))
                .isInstanceOf(TmuxException.class).hasMessageContaining("swarm-none");
    }

    @Test
    void tryConnectIsEmptyWithoutServerOrSessionAndConnectsToALiveOne() {
        assertThat(TmuxSwarmManager.tryConnect(server.socket(), "swarm-t")).isEmpty(); // no server yet
        assertThat(TmuxProcessRunner.socketFile(server.socket())).as("no server started to find out").doesNotExist();
        create(1, "windows", null);
        assertThat(TmuxSwarmManager.tryConnect(server.socket(), "swarm-none")).isEmpty();
        Optional<TmuxSwarmManager> live = TmuxSwarmManager.tryConnect(server.socket(), "swarm-t");
        assertThat(live).isPresent();
        try (TmuxSwarmManager other = live.get()) {
            assertThat(other.panes()).extracting(AgentPane::workerId).containsExactly("worker-0");
        }
    }

    @Test
    void capturesOnePaneAndAllPanesPipelined() {
        create(3, "windows", List.of("sh", "-c", "printf 'ready-%s\\n' \"$TMUX_PANE\"; exec cat"));
        await().atMost(WAIT).until(() -> manager.capture("worker-2", 5).contains("ready-"));
        Map<String, String> all = manager.captureAll(10);
        assertThat(all.keySet()).containsExactlyInAnyOrder("worker-0", "worker-1", "worker-2");
        List<AgentPane> panes = manager.panes();
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, String> screens = manager.captureAll(10);
            for (AgentPane p : panes) assertThat(screens.get(p.workerId())).isEqualTo("ready-" + p.paneId());
        });
        assertThatThrownBy(() -> manager.capture("worker-9", 5)).isInstanceOf(TmuxException.class)
                .hasMessageContaining("worker-9");
    }

    @Test
    void runInPaneReportsExitStatusThroughAnEventAndKeepsOutputInTheLog() throws Exception {
        create(1, "windows", null);
        List<String> exited = new CopyOnWriteArrayList<>();
        manager.addListener(new TmuxListener() {
            @Override
            public void paneExited(String workerId, String paneId) {
                exited.add(workerId);
            }
        });
        Path log = dir.resolve("results/t1.log");
        manager.runInPane("worker-0", "echo first line; echo \"second $((6*7))\"; exit 3", log);
        await().atMost(WAIT).until(() -> exited.contains("worker-0"));
        AgentPane pane = manager.pane("worker-0").orElseThrow();
        assertThat(pane.dead()).isTrue();
        assertThat(pane.exitStatus()).isEqualTo(3);
        await().atMost(WAIT).until(() -> Files.exists(log) && Files.readString(log).contains("second 42"));
        assertThat(Files.readString(log)).contains("first line");

        // a second task in the same pane: new log, new status, another event
        Path log2 = dir.resolve("results/t2.log");
        manager.runInPane("worker-0", "echo task two; exit 0", log2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(exited).hasSize(2));
        assertThat(manager.pane("worker-0").orElseThrow().exitStatus()).isEqualTo(0);
        await().atMost(WAIT).until(() -> Files.exists(log2) && Files.readString(log2).contains("task two"));
        assertThat(Files.readString(log)).doesNotContain("task two");
        // the pane starts each task on a clean screen: the last task's text cannot pass for the new one's
        await().atMost(WAIT).until(() -> manager.capture("worker-0", 1000).contains("task two"));
        assertThat(manager.capture("worker-0", 1000)).doesNotContain("first line").doesNotContain("second 42");
    }

    /** tmux expands a start directory and a pipe-pane command as formats: "#(cmd)" in a path must not run. */
    @Test
    void pathsHoldingTmuxFormatsAreTakenLiterally() throws Exception {
        Path planted = dir.resolve("ran");
        Path odd = Files.createDirectories(dir.resolve("w#(touch " + planted + ")#{pane_id}"));
        manager = TmuxSwarmManager.create(new SessionSpec(server.socket(), "swarm-t", List.of("worker-0"), "windows", odd, Map.of(),
                null, null));
        Path log = odd.resolve("results/t#(touch " + planted + ").log");
        manager.runInPane("worker-0", "pwd; sleep 0.2", log);
        await().atMost(WAIT).until(() -> Files.exists(log) && Files.readString(log).contains(odd.toString()));
        Thread.sleep(300); // a #() job would have run by now
        assertThat(planted).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    }

    @Test
    void runInPanesStartsEveryPaneInOneBatchAndReportsOnlyTheMissingWorker() throws Exception {
        create(3, "tiled", null);
        Map<String, PaneRun> runs = new java.util.LinkedHashMap<>();
        for (String w : List.of("worker-0", "worker-9", "worker-2")) {
            runs.put(w, new PaneRun("echo ran on " + w + "; exit 0", dir.resolve("results/" + w + ".log")));
        }
        Map<String, RuntimeException> failures = manager.runInPanes(runs);
        assertThat(failures).containsOnlyKeys("worker-9");
        assertThat(failures.get("worker-9")).hasMessageContaining("worker-9");
        for (String w : List.of("worker-0", "worker-2")) {
            Path log = dir.resolve("results/" + w + ".log");
            await().atMost(WAIT).until(() -> Files.exists(log) && Files.readString(log).contains("ran on " + w));
        }
        assertThat(manager.pane("worker-1").orElseThrow().dead()).isFalse(); // not in the batch: untouched
    }

    @Test
    void runInPaneTakesAMultiLineScriptWithQuotesAndAHereDocument() throws Exception {
        create(1, "windows", null);
        Path log = dir.resolve("results/multi.log");
        Path out = dir.resolve("multi.txt");
        String script = "x='it'\\''s'\n"
                + "cat > " + TmuxQuoting.shell(out.toString()) + " <<'EOF'\n"
                + "line one; $HOME #not a comment ~ {} \\ \"q\"\n"
                + "EOF\n"
                + "printf '%s\\n' \"$x\" >> " + TmuxQuoting.shell(out.toString()) + "\n"
                + "echo done-multi\n"
                + "exit 4\n";
        manager.runInPane("worker-0", script, log);
        await().atMost(WAIT).until(() -> manager.pane("worker-0").map(p -> p.dead()).orElse(false));
        assertThat(manager.pane("worker-0").orElseThrow().exitStatus()).isEqualTo(4);
        assertThat(Files.readString(out)).isEqualTo("line one; $HOME #not a comment ~ {} \\ \"q\"\nit's\n");
        await().atMost(WAIT).until(() -> Files.exists(log) && Files.readString(log).contains("done-multi"));
    }

    @Test
    void aKilledPaneIsReportedAsExited() {
        create(2, "windows", List.of("sleep", "1000"));
        List<String> exited = new CopyOnWriteArrayList<>();
        manager.addListener(new TmuxListener() {
            @Override
            public void paneExited(String workerId, String paneId) {
                exited.add(workerId + " " + paneId);
            }
        });
        AgentPane victim = manager.pane("worker-1").orElseThrow();
        server.run("kill-pane", "-t", victim.paneId());
        await().atMost(WAIT).until(() -> exited.contains("worker-1 " + victim.paneId()));
        assertThat(manager.pane("worker-1")).isEmpty();
        assertThat(exited).doesNotContain("worker-0");
    }

    @Test
    void sessionKilledUnderTheManagerRaisesSessionClosedAndFailsCalls() {
        create(1, "windows", null);
        AtomicBoolean closed = new AtomicBoolean();
        manager.addListener(new TmuxListener() {
            @Override
            public void sessionClosed() {
                closed.set(true);
            }
        });
        server.run("kill-session", "-t", "=swarm-t");
        await().atMost(WAIT).untilTrue(closed);
        assertThatThrownBy(() -> manager.panes()).isInstanceOf(TmuxException.class).hasMessageContaining("gone");
    }

    @Test
    void cpuTimeGrowsForABusyPaneAndNotForAnIdleOne() {
        create(2, "windows", null);
        manager.runInPane("worker-0", "while :; do :; done", dir.resolve("busy.log"));
        manager.runInPane("worker-1", "exec sleep 1000", dir.resolve("idle.log"));
        await().atMost(WAIT).until(() -> manager.pane("worker-0").orElseThrow().cpuMillis() >= 300);
        AgentPane idle = manager.pane("worker-1").orElseThrow();
        assertThat(idle.cpuMillis()).isLessThan(100);
        assertThat(idle.currentCommand()).isEqualTo("sleep");
    }

    /** tmux up to 3.6 crashed here (issue 5499): respawning a printing pane while %output is on. */
    @Test
    void respawningAPrintingPaneWithOutputOnKeepsTheServerAlive() throws Exception {
        create(1, "windows", null);
        Semaphore printed = new Semaphore(0);
        manager.addListener(new TmuxListener() {
            @Override
            public void printed(String workerId, String paneId) {
                printed.release();
            }
        }, PaneOutput.PRINTED);
        String flood = "while :; do printf '%0300d\\n' 0; sleep 0.002; done";
        for (int i = 0; i < 200; i++) {
            printed.drainPermits();
            manager.runInPane("worker-0", flood, dir.resolve("flood.log"));
            // the client reads the new process's output before the next respawn: the moment tmux 3.3a crashed at
            assertThat(printed.tryAcquire(20, TimeUnit.SECONDS)).as("output after respawn " + i).isTrue();
            assertThat(TmuxSwarmManager.sessionExists(server.socket(), "swarm-t")).as("server alive after respawn " + i)
                    .isTrue();
        }
    }

    @Test
    void killSessionEndsTheSessionAndBackgroundProcessesStartedInIt() throws Exception {
        create(1, "windows", null);
        Path pidFile = dir.resolve("bg.pid");
        manager.runInPane("worker-0", "nohup sleep 1000 >/dev/null 2>&1 & echo $! > " + pidFile + "; exit 0",
                dir.resolve("bg.log"));
        await().atMost(WAIT).until(() -> Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"));
        long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
        assertThat(ProcessHandle.of(pid)).isPresent();
        manager.killSession();
        assertThat(TmuxSwarmManager.sessionExists(server.socket(), "swarm-t")).isFalse();
        await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void printedNamesTheWorkerWhosePanePrintedAndNeverTheMastersWindow() {
        create(2, "windows", List.of("cat"));
        List<String> printed = new CopyOnWriteArrayList<>();
        manager.addListener(new TmuxListener() {
            @Override
            public void printed(String workerId, String paneId) {
                printed.add(workerId + " " + paneId);
            }
        }, PaneOutput.PRINTED);
        server.run("send-keys", "-t", "=swarm-t:master", "-l", "--", "echo master-speaks");
        server.run("send-keys", "-t", "=swarm-t:master", "Enter");
        await().atMost(WAIT).until(() -> server.run("capture-pane", "-p", "-t", "=swarm-t:master")
                .contains("master-speaks\n"));
        manager.sendToAgent("worker-1", "hello from worker one");
        String pane = manager.pane("worker-1").orElseThrow().paneId();
        await().atMost(WAIT).until(() -> printed.contains("worker-1 " + pane));
        assertThat(printed).allMatch(p -> p.equals("worker-1 " + pane));
    }
}
