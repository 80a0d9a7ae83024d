package io.aiswarm.agent;

import io.aiswarm.master.Executables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The argv a worker pane starts its agent with: {@code env -u CI … AI_SWARM_WORKER_ID=… AI_SWARM_DIR=… AI_SWARM_AGENT=…
 * <profile env> <profile command>}, placeholders expanded and the executable found on the caller's PATH. The worker id
 * travels in the environment so that the agent's hooks can name the worker in the status lines they write.
 */
public final class AgentLauncher {
    /**
     * CI markers the pane would inherit from whoever started tmux. An agent pane is an interactive terminal, but with
     * these set some CLIs go headless: Gemini CLI exits "No input provided via stdin" when CI=true. A profile's own
     * env can still set them.
     */
    public static final List<String> HEADLESS_MARKERS = List.of("CI", "CONTINUOUS_INTEGRATION", "GITHUB_ACTIONS");

    private final AgentProfile profile;
    private final Placeholders placeholders;
    private final Path swarmDir;

    public AgentLauncher(AgentProfile profile, Placeholders placeholders, Path swarmDir) {
        this.profile = profile;
        this.placeholders = placeholders;
        this.swarmDir = swarmDir;
    }

    public List<String> command(String workerId) {
        List<String> argv = envWithoutHeadlessMarkers();
        argv.addAll(List.of("AI_SWARM_WORKER_ID=" + workerId, "AI_SWARM_DIR=" + swarmDir,
                "AI_SWARM_AGENT=" + profile.name()));
        for (Map.Entry<String, String> e : profile.env().entrySet()) {
            argv.add(e.getKey() + "=" + placeholders.expand(e.getValue()));
        }
        argv.addAll(executable());
        return argv;
    }

    /** {@code env -u CI -u …}: the start of an agent's argv, to which assignments and the command are added. */
    public static List<String> envWithoutHeadlessMarkers() {
        List<String> argv = new ArrayList<>(List.of("env"));
        for (String name : HEADLESS_MARKERS) argv.addAll(List.of("-u", name));
        return argv;
    }

    /** The profile's command, expanded, checked to exist (on PATH or as a path) with advice when it does not. */
    public List<String> executable() {
        if (profile.command().isEmpty()) {
            throw new IllegalArgumentException("agent profile '" + profile.name() + "' has no command: set agents."
                    + profile.name() + ".command in " + AgentProfiles.FILE_NAME + " (e.g. [\"mybot\", \"--flag\"])");
        }
        List<String> cmd = new ArrayList<>(profile.command().stream().map(placeholders::expand).toList());
        Path exe = Executables.find(cmd.get(0), placeholders.env().getOrDefault("PATH", "")).orElse(null);
        if (exe == null) {
            throw new IllegalArgumentException("agent profile '" + profile.name() + "': '" + cmd.get(0)
                    + "' is not found on PATH or not executable; install it (bin/install-agent-clis installs claude, "
                    + "codex and gemini from npm; put its node_modules/.bin on PATH) or set agents." + profile.name()
                    + ".command in " + AgentProfiles.FILE_NAME + " (from " + profile.source() + ")");
        }
        // absolute: the pane's PATH is the tmux server's, which may not be the caller's
        cmd.set(0, exe.toString());
        return cmd;
    }
}
