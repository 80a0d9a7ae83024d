package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hooks are installed into real settings files: merged with the user's, never duplicated, refused when unparsable. */
class AgentHooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    @Test
    void claudeAndGeminiHooksListTheirOwnEventNames() throws Exception {
        AgentHooks.install("claude", tmp.resolve("c"), tmp.resolve("swarm"));
        JsonNode claude = JSON.readTree(tmp.resolve("c/.claude/settings.json").toFile()).get("hooks");
        assertThat(claude.fieldNames()).toIterable().containsExactlyInAnyOrder("UserPromptSubmit", "Stop", "Notification");
        assertThat(claude.get("Notification").get(0).get("matcher").asText()).isEqualTo("permission_prompt");
        AgentHooks.install("gemini", tmp.resolve("g"), tmp.resolve("swarm"));
        JsonNode gemini = JSON.readTree(tmp.resolve("g/.gemini/settings.json").toFile()).get("hooks");
        assertThat(gemini.fieldNames()).toIterable().containsExactlyInAnyOrder("BeforeAgent", "AfterAgent", "Notification");
    }

    @Test
    void codexNotifyGoesAboveTheTablesOnce() throws Exception {
        Path codexHome = tmp.resolve("codex");
        Path swarm = tmp.resolve("swarm");
        Files.createDirectories(codexHome);
        Files.writeString(codexHome.resolve("config.toml"), "model = \"o4\"\n\n[projects.\"/w\"]\ntrust_level = \"trusted\"\n");
        AgentHooks.install("codex", codexHome, swarm);
        AgentHooks.install("codex", codexHome, swarm);
        List<String> lines = Files.readAllLines(codexHome.resolve("config.toml"));
        assertThat(lines.get(0)).startsWith("notify = [\"sh\", ");
        assertThat(lines).filteredOn(l -> l.startsWith("notify")).hasSize(1);
        assertThat(lines).contains("model = \"o4\"", "[projects.\"/w\"]", "trust_level = \"trusted\"");

    }

    @Test
    void mergeKeepsTheUsersSettingsAndInstallingTwiceLeavesOneCopy() throws Exception {
        Path settings = tmp.resolve("p/.claude/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\"permissions\":{\"allow\":[\"Bash(ls)\"]},\"hooks\":{\"Stop\":[{\"hooks\":"
                + "[{\"type\":\"command\",\"command\":\"notify-send done\"}]}]}}");
        AgentHooks.install("claude", tmp.resolve("p"), tmp.resolve("swarm"));
        AgentHooks.install("claude", tmp.resolve("p"), tmp.resolve("swarm2"));
        JsonNode root = JSON.readTree(settings.toFile());
        assertThat(root.at("/permissions/allow/0").asText()).isEqualTo("Bash(ls)");
        JsonNode stop = root.at("/hooks/Stop");
        assertThat(stop).hasSize(2);
        assertThat(stop.get(0).at("/hooks/0/command").asText()).isEqualTo("notify-send done");
        assertThat(stop.get(1).at("/hooks/0/command").asText()).contains("swarm2/hooks/ai-swarm-hook.sh");
    }

    @Test
    void unparsableSettingsAreRefusedAndLeftUntouched() throws Exception {
        Path settings = tmp.resolve("p/.claude/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\"permissions\": {oops");
        assertThatThrownBy(() -> AgentHooks.install("claude", tmp.resolve("p"), tmp.resolve("swarm")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(settings.toString()).hasMessageContaining("not valid JSON")
                .hasMessageContaining("left unchanged");
        assertThat(Files.readString(settings)).isEqualTo("{\"permissions\": {oops");
    }

    @Test
    void codexNotifyOfTheUsersOwnIsNotReplaced() throws Exception {
        Path config = tmp.resolve("codex/config.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "notify = [\"my-notifier\"]\n");
        assertThatThrownBy(() -> AgentHooks.install("codex", config.getParent(), tmp.resolve("swarm")))
                .hasMessageContaining("already sets its own").hasMessageContaining(config.toString());
        assertThat(Files.readString(config)).isEqualTo("notify = [\"my-notifier\"]\n");
    }

    @Test
    void unknownAgentIsRefused() {
        assertThatThrownBy(() -> AgentHooks.install("aider", tmp, tmp.resolve("swarm")))
                .hasMessageContaining("--agent aider");
    }
}
