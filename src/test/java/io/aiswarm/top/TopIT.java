package io.aiswarm.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.cli.SwarmMain;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.LiveSwarm;
import io.aiswarm.testing.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `swarm top` as a person uses it: in a real 80x24 terminal (a tmux pane of its own server), driven with send-keys
 * and read with capture-pane, against a running master.
 */
class TopIT {
    @TempDir
    Path tmp;
    private LiveSwarm swarm;
    private final TmuxServer terminal = new TmuxServer();

    @BeforeEach
    void start() throws Exception {
        swarm = LiveSwarm.start(tmp, 2);
    }

    @AfterEach
    void stop() {
        terminal.close();
        if (swarm != null) swarm.close();
    }

    private String screen() {
        return terminal.run("capture-pane", "-p", "-t", "top");
    }

    private void awaitScreen(String text) {
        await().atMost(LiveSwarm.WAIT).until(() -> screen().contains(text));
    }

    private void keys(String... keys) {
        String[] args = new String[keys.length + 3];
        args[0] = "send-keys";
        args[1] = "-t";
        args[2] = "top";
        System.arraycopy(keys, 0, args, 3, keys.length);
        terminal.run(args);
    }

    private TaskInfo task(String id) {
        return swarm.state().queue().get(id).orElseThrow();
    }

    private String add(String command) throws Exception {
        LiveSwarm.Run run = swarm.swarm("task", "add", "--", command);
        assertThat(run.exit()).as(run.out()).isZero();
        return run.out().strip();
    }

    /** Starts `swarm top` in an 80x24 terminal; the script says when top exited. */
    private void startTop() throws Exception {
        List<String> command = JavaProcess.builder(SwarmMain.class, List.of("top")).command();
        Path script = tmp.resolve("top.sh");
        String exports = swarm.env.entrySet().stream().map(e -> "export " + e.getKey() + "='" + e.getValue() + "'")
                .collect(Collectors.joining("\n"));
        Files.writeString(script, "#!/bin/sh\n" + exports + "\n"
                + command.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "))
                + "\necho \"top exited $?\"\nexec sleep 600\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        terminal.run("new-session", "-d", "-s", "top", "-x", "80", "-y", "24", script.toString());
    }

    @Test
    void showsTheSwarmLiveAndAnswersCancelsAttachesAndQuitsByKeys() throws Exception {
        String busy = add("sleep 600");
        String asking = add("printf 'Overwrite the config? [y/N] '; read a; echo \"answer=$a\"");
        await().atMost(LiveSwarm.WAIT).until(() -> swarm.api("GET", "/api/status", "").orElseThrow().body()
                .contains("Overwrite the config?"));
        startTop();
        awaitScreen("NEEDS HELP (1)");
        String shown = screen();
        assertThat(shown).contains("live").contains("worker-0").contains("worker-1").contains(busy)
                .contains("Overwrite the config? [y/N]");
        assertThat(shown.lines().count()).isLessThanOrEqualTo(24);
        assertThat(shown.lines()).allMatch(l -> l.length() <= 80);

        String later = add("sleep 300");
        awaitScreen(later); // a task added elsewhere shows up

        keys("n");
        awaitScreen("Answer NO to worker-1?");
        keys("Enter");
        awaitScreen("NEEDS HELP (0)");
        await().atMost(LiveSwarm.WAIT).until(() -> task(asking).status() == TaskStatus.DONE);
        assertThat(Files.readString(swarm.config().paths().resultLog(asking))).contains("answer=n");
        assertThat(Files.readString(swarm.config().paths().statusLog())).contains("\"via\":\"top\"");

        // the queue: the first row is a running task; x cancels it after Enter confirms
        keys("Tab");
        awaitScreen("> " + busy);
        keys("x");
        awaitScreen("Cancel " + busy + "?");
        keys("Enter");
        await().atMost(LiveSwarm.WAIT).until(() -> task(busy).status() == TaskStatus.CANCELLED);
        awaitScreen(busy + " is cancelled");

        // attach to a worker's pane, detach, and top is back
        keys("Tab", "Tab");
        keys("a");
        await().atMost(LiveSwarm.WAIT).until(() -> screen().contains("[swarm-def"));
        keys("C-b", "d");
        awaitScreen("back from worker-");

        keys("q");
        awaitScreen("top exited 0");
    }

    @Test
    void oncePrintsOneFrameForScripts() throws Exception {
        add("sleep 600");
        await().atMost(LiveSwarm.WAIT).until(() -> swarm.state().queue().list().get(0).status() == TaskStatus.RUNNING);
        LiveSwarm.Run once = swarm.swarm("top", "--once", "--width", "100");
        assertThat(once.exit()).as(once.out()).isZero();
        assertThat(once.out()).contains("live").contains("- WORKERS (2)").contains("worker-0").contains("sleep 600")
                .doesNotContain("\u001b");
        swarm.stopMaster();
        LiveSwarm.Run files = swarm.swarm("top", "--once");
        assertThat(files.out()).contains("no master: files, every 2 s").contains("worker-0");
    }
}
