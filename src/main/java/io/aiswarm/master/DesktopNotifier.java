package io.aiswarm.master;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A desktop notification per new HELP through {@code notify-send}, where a desktop is present: the program is on
 * PATH and the master runs in a graphical session (DISPLAY, WAYLAND_DISPLAY or DBUS_SESSION_BUS_ADDRESS set).
 * {@code AI_SWARM_NOTIFY_DESKTOP=0} turns it off. It runs in the background and is killed after a time limit, so a
 * hung notification daemon never holds up the master.
 */
final class DesktopNotifier {
    static final String ENV_NOTIFY_DESKTOP = "AI_SWARM_NOTIFY_DESKTOP";
    static final String PROGRAM = "notify-send";
    private static final List<String> SESSION_VARS = List.of("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS");

    private final Path program;
    private final Duration timeLimit;
    private final Consumer<String> log;

    DesktopNotifier(Path program, Duration timeLimit, Consumer<String> log) {
        this.program = program;
        this.timeLimit = timeLimit;
        this.log = log;
    }

    /** Null when turned off, when notify-send is not on PATH, or when there is no desktop session. */
    static DesktopNotifier from(Map<String, String> env, Consumer<String> log) {
        String setting = env.getOrDefault(ENV_NOTIFY_DESKTOP, "").strip();
        if (setting.equals("0") || setting.equalsIgnoreCase("off") || setting.equalsIgnoreCase("false")) return null;
        if (SESSION_VARS.stream().allMatch(v -> env.getOrDefault(v, "").isBlank())) return null;
        Optional<Path> found = Executables.find(PROGRAM, env.getOrDefault("PATH", ""));
        return found.map(p -> new DesktopNotifier(p, Duration.ofSeconds(5), log)).orElse(null);
    }

    /** Starts notify-send; returns at once. The future ends with its exit status (-1: not started or killed). */
    CompletableFuture<Integer> notifyHelp(String workerId, String taskId, String message) {
        String title = "AI Swarm: " + workerId + " needs help" + (taskId == null || taskId.isEmpty() ? "" : " (" + taskId + ")");
        String body = (message == null ? "" : message) + Notifier.hint(workerId, message);
        ProcessBuilder pb = new ProcessBuilder(program.toString(), "--app-name=AI Swarm", "--urgency=critical",
                "--", title, body)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            log.accept(PROGRAM + " could not start: " + e.getMessage());
            return CompletableFuture.completedFuture(-1);
        }
        return process.onExit().orTimeout(timeLimit.toMillis(), TimeUnit.MILLISECONDS).handle((p, error) -> {
            if (error == null) return p.exitValue();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            log.accept(PROGRAM + " for " + workerId + " did not end within " + timeLimit.toSeconds() + " s; killed");
            return -1;
        });
    }
}
