package io.aiswarm.testing;

import io.aiswarm.tmux.TmuxProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private tmux server for one test (its own -L socket), killed on close, socket file removed.
 * Nothing touches the default server. Use with try-with-resources or from @AfterEach.
 */
public final class TmuxServer implements AutoCloseable {
    private final String socket;

    public TmuxServer() {
        this.socket = "swarm-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String socket() {
        return socket;
    }

    /** Runs {@code tmux -L socket args…} as a process and returns its stdout; fails on a non-zero exit. */
    public String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().remove("TMUX");
            pb.environment().remove("TMUX_PANE");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills every pane's process tree, then the server: an agent CLI's children (node, a shell it started) would
     * outlive a plain kill-server.
     */
    public void killPaneTreesAndServer() {
        for (String pane : run("list-panes", "-a", "-F", "#{pane_pid}").strip().split("\n")) {
            if (!pane.isBlank()) ProcessHandle.of(Long.parseLong(pane)).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
        run("kill-server");
    }

    /** The socket file tmux uses for this server ($TMUX_TMPDIR or /tmp, then tmux-UID). */
    public Path socketPath() {
        return TmuxProcessRunner.socketFile(socket);
    }

    @Override
    public void close() {
        try {
            ProcessBuilder pb = new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().remove("TMUX");
            Process p = pb.start();
            p.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(socketPath());
        } catch (IOException e) {
            // no server was started
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
