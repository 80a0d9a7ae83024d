package io.aiswarm.agent.stub;

import java.time.Duration;
import java.util.Map;

/**
 * One scripted model turn: plain text, or a tool call (e.g. Claude Code's {@code Bash} tool with
 * {@code {"command": "rm -rf build"}}), optionally after a delay so the agent is seen busy; or the provider's
 * rate-limit error (HTTP 429 with its own body and headers) saying the limit resets in {@code limitResetIn}.
 */
public record StubReply(String text, String toolName, Map<String, Object> toolInput, Duration delay,
                        Duration limitResetIn) {
    public StubReply {
        text = text == null ? "" : text;
        toolInput = toolInput == null ? Map.of() : Map.copyOf(toolInput);
        delay = delay == null ? Duration.ZERO : delay;
    }

    public StubReply(String text, String toolName, Map<String, Object> toolInput, Duration delay) {
        this(text, toolName, toolInput, delay, null);
    }

    /** The provider's "limit reached" error: HTTP 429 with the body and headers its CLI reads. */
    public static StubReply rateLimited(Duration resetIn) {
        return new StubReply("", null, null, null, resetIn);
    }

    public boolean isRateLimit() {
        return limitResetIn != null;
    }

    public static StubReply text(String text) {
        return new StubReply(text, null, null, null);
    }

    public static StubReply toolCall(String toolName, Map<String, Object> input) {
        return new StubReply("", toolName, input, null);
    }

    /** Claude Code's shell tool. */
    public static StubReply bash(String command) {
        return toolCall("Bash", Map.of("command", command, "description", "Run " + command));
    }

    /** Codex's shell tool, asking to run outside the sandbox so that its approval dialog opens. */
    public static StubReply codexExec(String command) {
        return toolCall("exec_command", Map.of("cmd", command, "sandbox_permissions", "require_escalated",
                "justification", "Run " + command));
    }

    /** Gemini CLI's shell tool. */
    public static StubReply geminiShell(String command) {
        return toolCall("run_shell_command", Map.of("command", command, "description", "Run " + command));
    }

    public StubReply after(Duration wait) {
        return new StubReply(text, toolName, toolInput, wait, limitResetIn);
    }

    public boolean isToolCall() {
        return toolName != null;
    }
}
