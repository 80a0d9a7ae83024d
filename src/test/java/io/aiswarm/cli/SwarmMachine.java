package io.aiswarm.cli;

import io.aiswarm.master.SwarmSession;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.tmux.TmuxQuoting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A "machine" on this host for multi-machine tests: its own name (AI_SWARM_HOST), tmux server (-L socket), swarm
 * directory and work directory, sharing one store. Commands run as child JVMs, as a person would run them; its master
 * (started by `swarm up` in the tmux session) writes its output to master.log in the machine's directory.
 */
final class SwarmMachine implements AutoCloseable {
    record Run(int exit, String out) {
    }

    final String host;
    final Path dir;
    final TmuxServer tmux = new TmuxServer();
    private final Map<String, String> env = new HashMap<>();

    SwarmMachine(String host, Path root, Map<String, String> shared) throws IOException {
        this.host = host;
        this.dir = Files.createDirectories(root.resolve(host));
        Files.createDirectories(dir.resolve("work"));
        env.putAll(shared);
        env.put("AI_SWARM_HOST", host);
        env.put("AI_SWARM_TMUX_SOCKET", tmux.socket());
        env.put("AI_SWARM_DIR", dir.resolve("swarm").toString());
        env.put("HOME", root.toString());
        Path launcher = dir.resolve("launcher.sh");
        String java = String.join(" ", JavaProcess.builder(SwarmMain.class, List.of()).command().stream()
                .map(TmuxQuoting::shell).toList());
        Files.writeString(launcher, "#!/bin/sh\nexec " + java + " \"$@\" >> " + TmuxQuoting.shell(masterLog()
                .toString()) + " 2>&1\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        env.put(SwarmSession.ENV_LAUNCHER, launcher.toString());
    }

    Path masterLog() {
        return dir.resolve("master.log");
    }

    String masterSaid() throws IOException {
        return Files.exists(masterLog()) ? Files.readString(masterLog()) : "";
    }

    /** `swarm ARGS` on this machine, as a child JVM; waits for it. */
    Run swarm(String... args) throws IOException, InterruptedException {
        JavaProcess.Finished run = JavaProcess.run(SwarmMain.class, env, 120, args);
        return new Run(run.exit(), run.out());
    }

    /** `swarm up` with exec workers in the machine's work directory; returns once its master is active. */
    void up(int workers) throws IOException, InterruptedException {
        Run up = swarm("up", "--workers", String.valueOf(workers), "--workdir", dir.resolve("work").toString());
        if (up.exit() != 0) throw new IllegalStateException("swarm up on " + host + " failed: " + up.out());
    }

    /** The master's process (the master window's command, exec'd by the launcher). */
    long masterPid() {
        return Long.parseLong(tmux.run("display-message", "-p", "-t", "=" + SwarmSession.name("default")
                + ":master", "#{pane_pid}").strip());
    }

    /** The machine dies whole: its master is SIGKILLed and its tmux server with every pane's processes. */
    void killWhole() {
        long master = masterPid();
        ProcessHandle.of(master).ifPresent(ProcessHandle::destroyForcibly);
        tmux.killPaneTreesAndServer();
    }

    void signalMaster(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(masterPid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " failed");
    }

    @Override
    public void close() {
        try {
            ProcessHandle.of(masterPid()).ifPresent(p -> {
                p.destroy(); // SIGCONT first would be needed for a frozen one: destroyForcibly covers both
                p.destroyForcibly();
            });
        } catch (RuntimeException e) {
            // no session: nothing runs
        }
        try {
            tmux.killPaneTreesAndServer();
        } catch (RuntimeException e) {
            // already gone
        }
        tmux.close();
    }
}
