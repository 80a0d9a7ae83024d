package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.TmuxServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** swarm up / down / attach as a person runs them: a separate JVM against a private tmux server. */
class UpDownAttachCommandIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TmuxServer server = new TmuxServer();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    record Run(int exit, String out) {
    }

    private Map<String, String> env() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("AI_SWARM_TMUX_SOCKET", server.socket());
        env.put("AI_SWARM_DIR", dir.resolve("state").toString());
        // a stand-in for bin/swarm: records how the master window started it, then runs it from the test classpath
        Path launcher = dir.resolve("launcher.sh");
        String java = String.join(" ", JavaProcess.builder(SwarmMain.class, List.of()).command().stream()
                .map(io.aiswarm.tmux.TmuxQuoting::shell).toList());
        Files.writeString(launcher, "#!/bin/sh\nprintf '%s\\n' \"$*\" \"$AI_SWARM_AGENT\" \"$AI_SWARM_DIR\" > \""
                + dir.resolve("master-args.txt") + "\"\nexec " + java + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        env.put("AI_SWARM_LAUNCHER", launcher.toString());
        return env;
    }

    private Run swarm(String... args) throws Exception {
        return swarm(Map.of(), args);
    }

    private Run swarm(Map<String, String> extra, String... args) throws Exception {
        ProcessBuilder pb = JavaProcess.builder(SwarmMain.class, List.of(args));
        pb.environment().putAll(env());
        pb.environment().putAll(extra);
        pb.environment().remove("TMUX");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void upCreatesTheSessionRefusesTwiceAndDownEndsIt() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        // up --agent checks the agent's command and seeds its files: a stand-in profile (a shell, nothing seeded)
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/agents.json"), "{\"agents\":{\"claude\":{\"command\":[\"sh\"],\"seed\":[]}}}");
        Run up = swarm("up", "--cluster", "c1", "--workers", "3", "--layout", "tiled", "--workdir", work.toString(),
                "--agent", "claude");
        assertThat(up.exit()).as(up.out()).isZero();
        assertThat(up.out()).contains("swarm-c1").contains("3 worker");
        assertThat(server.run("list-windows", "-t", "=swarm-c1", "-F", "#{window_name}").split("\n"))
                .containsExactly("master", "workers");
        assertThat(server.run("list-panes", "-s", "-t", "=swarm-c1", "-F", "#{@swarm_worker}").split("\n"))
                .containsExactlyInAnyOrder("", "worker-0", "worker-1", "worker-2");
        assertThat(server.run("display-message", "-p", "-t", "=swarm-c1:workers", "#{pane_current_path}").trim())
                .isEqualTo(work.toRealPath().toString());
        Path args = dir.resolve("master-args.txt");
        await().atMost(WAIT).until(() -> Files.exists(args) && Files.readAllLines(args).size() == 3);
        assertThat(Files.readAllLines(args)).containsExactly("master --cluster c1", "claude",
                dir.resolve("state").toString());

        Run again = swarm("up", "--cluster", "c1");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).contains("swarm: tmux session 'swarm-c1' already exists").contains("swarm attach");

        server.run("new-session", "-d", "-s", "bystander");
        Run down = swarm("down", "--cluster", "c1");
        assertThat(down.exit()).as(down.out()).isZero();
        assertThat(server.run("list-sessions", "-F", "#{session_name}").trim()).isEqualTo("bystander");

        Run downAgain = swarm("down", "--cluster", "c1");
        assertThat(downAgain.exit()).isZero();
        assertThat(downAgain.out()).contains("nothing to stop");
    }

    @Test
    void downKillsTheServerWhenNoOtherSessionIsLeft() throws Exception {
        assertThat(swarm("up", "--cluster", "solo", "--workers", "1", "--no-worktrees").exit()).isZero();
        assertThat(swarm("down", "--cluster", "solo").exit()).isZero();
        ProcessBuilder ls = new ProcessBuilder("tmux", "-L", server.socket(), "list-sessions").redirectErrorStream(true);
        Process p = ls.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isNotZero();
        assertThat(server.socketPath()).doesNotExist();
    }

    @Test
    void badOptionsAreRefusedClearly() throws Exception {
        Run layout = swarm("up", "--cluster", "c2", "--layout", "grid", "--no-worktrees");
        assertThat(layout.exit()).isEqualTo(1);
        assertThat(layout.out()).contains("--layout 'grid'");
        Run workdir = swarm("up", "--cluster", "c2", "--workdir", dir.resolve("missing").toString());
        assertThat(workdir.exit()).isEqualTo(1);
        assertThat(workdir.out()).contains("is not a directory");
    }

    @Test
    void upWaitsForItsMasterAndFailsWithTheMastersError() throws Exception {
        Run up = swarm("up", "--cluster", "ok", "--workers", "1", "--no-worktrees");
        assertThat(up.exit()).as(up.out()).isZero();
        assertThat(up.out()).contains("the master is active");
        // an exec worker waits in a quiet shell, not in the user's interactive shell with its rc files
        assertThat(server.run("display-message", "-p", "-t", "=swarm-ok:worker-0", "#{pane_current_command}").trim())
                .isEqualTo("sh");

        Run bad = swarm(Map.of("AI_SWARM_AUTO_RESCUE_ALLOW", "(", "AI_SWARM_DIR", dir.resolve("bad").toString()),
                "up", "--cluster", "bad", "--workers", "1", "--no-worktrees");
        assertThat(bad.exit()).as(bad.out()).isEqualTo(1);
        assertThat(bad.out()).contains("the master ended at start", "AI_SWARM_AUTO_RESCUE_ALLOW='('");
        assertThat(server.run("list-sessions", "-F", "#{session_name}")).doesNotContain("swarm-bad");

        Run none = swarm("up", "--cluster", "zero", "--workers", "0");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).contains("--workers 0");
    }

    @Test
    void attachWithoutASessionSaysHowToStartOne() throws Exception {
        Run attach = swarm("attach", "--cluster", "c3");
        assertThat(attach.exit()).isEqualTo(1);
        assertThat(attach.out()).contains("no tmux session 'swarm-c3'").contains("swarm up --cluster c3");
    }

    @Test
    void attachFromInsideTheSwarmsOwnServerSwitchesInsteadOfNesting() throws Exception {
        assertThat(swarm("up", "--cluster", "c5", "--workers", "1", "--no-master", "--no-worktrees").exit()).isZero();
        server.run("new-session", "-d", "-s", "desk");
        // a person's terminal attached to session 'desk' of the same server
        ProcessBuilder person = new ProcessBuilder("script", "-qec", "tmux -L " + server.socket()
                + " attach -t =desk", "/dev/null");
        person.environment().remove("TMUX");
        person.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process terminal = person.start();
        try {
            await().atMost(WAIT).until(() -> !server.run("list-clients", "-t", "=desk").isBlank());
            // swarm attach typed in a pane of 'desk': TMUX names this server
            Path script = dir.resolve("attach.sh");
            List<String> java = JavaProcess.builder(SwarmMain.class, List.of("attach", "--cluster", "c5")).command();
            Map<String, String> env = env();
            StringBuilder exports = new StringBuilder();
            env.forEach((k, v) -> exports.append("export ").append(k).append('=')
                    .append(io.aiswarm.tmux.TmuxQuoting.shell(v)).append('\n'));
            Files.writeString(script, exports + String.join(" ", java.stream()
                    .map(io.aiswarm.tmux.TmuxQuoting::shell).toList()) + "\n");
            server.run("send-keys", "-t", "=desk:", "sh " + script, "Enter");
            await().atMost(WAIT).until(() -> server.run("list-clients", "-F", "#{client_session}").trim()
                    .equals("swarm-c5"));
        } finally {
            terminal.destroyForcibly();
        }
    }

    @Test
    void attachPutsATerminalOnTheSession() throws Exception {
        assertThat(swarm("up", "--cluster", "c4", "--workers", "1", "--no-master", "--no-worktrees").exit()).isZero();
        // a pseudo-terminal for the attaching client, as a person's terminal would be
        List<String> java = JavaProcess.builder(SwarmMain.class, List.of("attach", "--cluster", "c4")).command();
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", String.join(" ", java.stream()
                .map(io.aiswarm.tmux.TmuxQuoting::shell).toList()), "/dev/null");
        pb.environment().putAll(env());
        pb.environment().remove("TMUX");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process attach = pb.start();
        try {
            await().atMost(WAIT).until(() -> !server.run("list-clients", "-t", "=swarm-c4").isBlank());
            server.run("detach-client", "-s", "=swarm-c4");
            assertThat(attach.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(attach.exitValue()).isZero();
        } finally {
            attach.destroyForcibly();
        }
    }
}
