package io.aiswarm.tmux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fallback: one {@code tmux -L socket ...} process per command (about 3 ms and 3 ms CPU each).
 * Used before a session exists (create, has-session, kill-server); everything else goes through
 * {@link ControlModeClient}. Child processes never inherit TMUX/TMUX_PANE, so running inside
 * another tmux neither nests by accident nor leaks the caller's server into the swarm.
 */
public final class TmuxProcessRunner {
    private static final long TIMEOUT_SECONDS = 20;
    private final String socket;

    public TmuxProcessRunner(String socket) {
        this.socket = socket;
    }

    public String socket() {
        return socket;
    }

    /** Runs one tmux command; returns its stdout lines; throws TmuxException with tmux's message on failure. */
    public List<String> run(String... args) {
        Result result = tryRun(args);
        if (result.exitCode != 0) {
            throw new TmuxException("tmux " + String.join(" ", args) + " failed (socket '" + socket + "'): "
                    + result.stderr.strip());
        }
        return result.stdout;
    }

    /** Runs one tmux command and reports its exit code instead of throwing. */
    public Result tryRun(String... args) {
        ProcessBuilder pb = builder(socket, List.of(args));
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // stdout first: it can be large (capture-pane); tmux writes little to stderr
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TmuxException("tmux " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS
                        + " s (socket '" + socket + "')");
            }
            String stdout = new String(out, StandardCharsets.UTF_8);
            List<String> lines = stdout.isEmpty() ? List.of() : List.of(stdout.split("\n", -1));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines = lines.subList(0, lines.size() - 1);
            }
            return new Result(p.exitValue(), lines, new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw notInstalled(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TmuxException("interrupted while running tmux " + String.join(" ", args), e);
        }
    }

    /**
     * Puts this terminal on a session and returns tmux's exit code: attach-session, or switch-client when
     * the terminal is already a client of this very server (attaching there would nest tmux in itself).
     */
    public int attachTerminal(String session, String tmuxEnv) {
        return attachTerminal(session, null, tmuxEnv);
    }

    /**
     * {@link #attachTerminal(String, String)} showing one pane ({@code paneId} such as %3, or null for the
     * session's current window): its window is selected first, so the person lands on that worker.
     */
    public int attachTerminal(String session, String paneId, String tmuxEnv) {
        boolean inside = tmuxEnv != null && tmuxEnv.startsWith(socketFile(socket) + ",");
        if (paneId != null && !inside) {
            tryRun("select-window", "-t", paneId);
            tryRun("select-pane", "-t", paneId);
        }
        String target = paneId != null ? paneId : "=" + session;
        ProcessBuilder pb = builder(socket, inside ? List.of("switch-client", "-t", target)
                : List.of("attach-session", "-t", "=" + session));
        if (inside) pb.environment().put("TMUX", tmuxEnv); // switch-client finds the calling client through it
        try {
            return pb.inheritIO().start().waitFor();
        } catch (IOException e) {
            throw notInstalled(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TmuxException("interrupted while attaching to tmux session " + session, e);
        }
    }

    /** A ProcessBuilder for {@code tmux -L socket args...} with TMUX and TMUX_PANE removed from its environment. */
    public static ProcessBuilder builder(String socket, List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 3);
        command.add("tmux");
        command.add("-L");
        command.add(socket);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.remove("TMUX");
        env.remove("TMUX_PANE");
        return pb;
    }

    /** Where tmux keeps this socket: $TMUX_TMPDIR (or /tmp), then tmux-UID/socket. Removed after kill-server. */
    public static Path socketFile(String socket) {
        String dir = System.getenv().getOrDefault("TMUX_TMPDIR", "");
        Object uid;
        try {
            uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            uid = System.getProperty("user.name");
        }
        return Path.of(dir.isEmpty() ? "/tmp" : dir, "tmux-" + uid, socket);
    }

    static TmuxException notInstalled(IOException e) {
        return new TmuxException("cannot run tmux: " + e.getMessage()
                + "; install tmux 3.2 or newer (apt-get install tmux) and make sure it is on PATH", e);
    }

    /** Exit code, stdout lines and stderr of one tmux process. */
    public record Result(int exitCode, List<String> stdout, String stderr) {
    }
}
