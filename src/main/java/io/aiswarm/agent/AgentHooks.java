package io.aiswarm.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm hooks install}: makes an agent CLI report turn starts, turn ends and permission prompts straight into
 * the status log. Claude Code: {@code <DIR>/.claude/settings.json} (UserPromptSubmit -> START, Stop -> DONE,
 * Notification permission_prompt -> WAIT). Gemini CLI: {@code <DIR>/.gemini/settings.json} (BeforeAgent -> START,
 * AfterAgent -> DONE, Notification ToolPermission -> WAIT). Codex: {@code notify} in {@code <DIR>/config.toml}
 * (DIR = $CODEX_HOME, default ~/.codex; end of turn -> DONE).
 */
public final class AgentHooks {
    public static final List<String> AGENTS = List.of("claude", "codex", "gemini");

    private AgentHooks() {
    }

    /** Where hooks go when no DIR is given: the project (cwd) for Claude and Gemini, Codex's home for Codex. */
    public static Path defaultDir(String agent, Map<String, String> env, Path cwd) {
        if (!"codex".equals(agent)) return cwd;
        String codexHome = env.getOrDefault("CODEX_HOME", "");
        if (!codexHome.isBlank()) return Path.of(codexHome);
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".codex");
    }

    /** Installs the hook script into the swarm dir and the agent's settings; returns the files written. */
    public static List<Path> install(String agent, Path dir, Path swarmDir) {
        if (!AGENTS.contains(agent)) {
            throw new IllegalArgumentException("--agent " + agent + ": hooks exist for " + AGENTS
                    + "; other agents are read from their screen only");
        }
        Path script = HookScript.install(swarmDir);
        List<Path> written = new ArrayList<>(List.of(script));
        switch (agent) {
            case "claude" -> {
                Path settings = dir.resolve(".claude").resolve("settings.json");
                JsonHookSettings.install(settings, script, agent, List.of(
                        new HookEvent("UserPromptSubmit", null, "START"),
                        new HookEvent("Stop", null, "DONE"),
                        new HookEvent("Notification", "permission_prompt", "WAIT")));
                written.add(settings);
            }
            case "gemini" -> {
                Path settings = dir.resolve(".gemini").resolve("settings.json");
                JsonHookSettings.install(settings, script, agent, List.of(
                        new HookEvent("BeforeAgent", null, "START"),
                        new HookEvent("AfterAgent", null, "DONE"),
                        new HookEvent("Notification", "ToolPermission", "WAIT")));
                written.add(settings);
            }
            default -> {
                Path config = dir.resolve("config.toml");
                CodexNotifyConfig.install(config, script);
                written.add(config);
            }
        }
        return written;
    }
}
