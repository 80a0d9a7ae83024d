package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installed hooks run as the agents run them (sh, payload on stdin or argv) and append status lines. */
class AgentHookScriptIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    @Test
    void claudeHooksAppendStatusLinesWithTheWorkersTask() throws Exception {
        Path swarm = tmp.resolve("swarm");
        Path project = tmp.resolve("project");
        AgentHooks.install("claude", project, swarm);
        JsonNode hooks = JSON.readTree(project.resolve(".claude/settings.json").toFile()).get("hooks");
        assertThat(hooks.fieldNames()).toIterable().containsExactlyInAnyOrder("UserPromptSubmit", "Stop", "Notification");
        assertThat(hooks.get("Notification").get(0).get("matcher").asText()).isEqualTo("permission_prompt");

        new AgentTaskMarker(swarm).set("worker-2", "task-000007");
        run(command(hooks, "Stop"), "{\"hook_event_name\":\"Stop\"}", Map.of("AI_SWARM_WORKER_ID", "worker-2"));
        run(command(hooks, "Notification"), "{\"message\":\"Claude needs your permission to use Bash\","
                + "\"notification_type\":\"permission_prompt\"}", Map.of("AI_SWARM_WORKER_ID", "worker-2"));

        List<JsonNode> lines = statusLines(swarm);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("state").asText()).isEqualTo("DONE");
        assertThat(lines.get(0).get("worker_id").asText()).isEqualTo("worker-2");
        assertThat(lines.get(0).get("task_id").asText()).isEqualTo("task-000007");
        assertThat(lines.get(0).get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(lines.get(0).at("/meta/source").asText()).isEqualTo("hook");
        assertThat(lines.get(1).get("state").asText()).isEqualTo("WAIT");
        assertThat(lines.get(1).get("message").asText()).isEqualTo("Claude needs your permission to use Bash");
    }

    @Test
    void outsideASwarmWorkerTheHookLogsNothing() throws Exception {
        Path swarm = tmp.resolve("swarm");
        AgentHooks.install("claude", tmp.resolve("p"), swarm);
        JsonNode hooks = JSON.readTree(tmp.resolve("p/.claude/settings.json").toFile()).get("hooks");
        run(command(hooks, "Stop"), "{}", Map.of());
        assertThat(Files.exists(swarm.resolve("status.log"))).isFalse();
    }

    @Test
    void geminiHooksUseItsEventNamesAndPrintJson() throws Exception {
        Path swarm = tmp.resolve("swarm");
        AgentHooks.install("gemini", tmp.resolve("p"), swarm);
        JsonNode hooks = JSON.readTree(tmp.resolve("p/.gemini/settings.json").toFile()).get("hooks");
        assertThat(hooks.fieldNames()).toIterable().containsExactlyInAnyOrder("BeforeAgent", "AfterAgent", "Notification");
        String out = run(command(hooks, "AfterAgent"), "{}", Map.of("AI_SWARM_WORKER_ID", "worker-0"));
        assertThat(out.strip()).isEqualTo("{}");
        assertThat(statusLines(swarm).get(0).get("state").asText()).isEqualTo("DONE");
    }

    @Test
    void codexNotifyRunsWithThePayloadAsLastArgument() throws Exception {
        Path codexHome = Files.createDirectories(tmp.resolve("codex"));
        Path swarm = tmp.resolve("swarm");
        AgentHooks.install("codex", codexHome, swarm);
        List<String> argv = new ArrayList<>(List.of("sh", HookScript.path(swarm).toString(), "codex",
                "agent-turn-complete", "DONE", "arg", "{\"type\":\"agent-turn-complete\"}"));
        exec(argv, "", Map.of("AI_SWARM_WORKER_ID", "worker-1"));
        assertThat(statusLines(swarm).get(0).at("/meta/agent").asText()).isEqualTo("codex");
    }

    private static String command(JsonNode hooks, String event) {
        return hooks.get(event).get(0).at("/hooks/0/command").asText();
    }

    private static List<JsonNode> statusLines(Path swarm) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(swarm.resolve("status.log"))) out.add(JSON.readTree(line));
        return out;
    }

    private static String run(String shellCommand, String stdin, Map<String, String> env) throws Exception {
        return exec(List.of("sh", "-c", shellCommand), stdin, env);
    }

    private static String exec(List<String> argv, String stdin, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().remove("AI_SWARM_WORKER_ID");
        pb.environment().remove("AI_SWARM_DIR");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
