package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First-run seeding of the built-in profiles, into real files. */
class AgentSeederTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-ant-0123456789abcdefghijklmnopqrstuvwxyz";
    @TempDir
    Path tmp;

    @Test
    void claudeSeedKeepsTheUsersSettingsAndIsIdempotent() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve(".claude.json"), "{\"theme\":\"dark\",\"customApiKeyResponses\":"
                + "{\"approved\":[\"older-key-tail-123456\"]},\"projects\":{\"/other\":{\"allowedTools\":[\"Bash\"]}}}");
        Placeholders ph = new Placeholders(Path.of("/work/p"), home, null, Map.of("ANTHROPIC_API_KEY", KEY));
        AgentProfile claude = AgentProfiles.builtin().get("claude");
        assertThat(AgentSeeder.seed(claude, ph)).containsExactly(home.resolve(".claude.json"));
        assertThat(AgentSeeder.seed(claude, ph)).isEmpty();
        JsonNode root = JSON.readTree(home.resolve(".claude.json").toFile());
        assertThat(root.get("theme").asText()).isEqualTo("dark");
        assertThat(root.get("hasCompletedOnboarding").asBoolean()).isTrue();
        assertThat(root.at("/customApiKeyResponses/approved")).extracting(JsonNode::asText)
                .containsExactly("older-key-tail-123456", "ghijklmnopqrstuvwxyz");
        assertThat(root.at("/projects/~1work~1p/hasTrustDialogAccepted").asBoolean()).isTrue();
        assertThat(root.at("/projects/~1other/allowedTools/0").asText()).isEqualTo("Bash");
    }

    @Test
    void unparsableFileIsRefusedAndLeftAsItIs() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve(".claude.json"), "{broken");
        Placeholders ph = new Placeholders(tmp, home, null, Map.of());
        assertThatThrownBy(() -> AgentSeeder.seed(AgentProfiles.builtin().get("claude"), ph))
                .hasMessageContaining(".claude.json").hasMessageContaining("not valid JSON")
                .hasMessageContaining("left unchanged");
        assertThat(Files.readString(home.resolve(".claude.json"))).isEqualTo("{broken");
    }

    @Test
    void codexTrustIsAppendedOnceToCodexHome() throws Exception {
        Path codexHome = Files.createDirectories(tmp.resolve("codex"));
        Files.writeString(codexHome.resolve("config.toml"), "model = \"o4\"\n");
        Placeholders ph = new Placeholders(Path.of("/work/p"), tmp, null, Map.of("CODEX_HOME", codexHome.toString()));
        AgentProfile codex = AgentProfiles.builtin().get("codex");
        AgentSeeder.seed(codex, ph);
        AgentSeeder.seed(codex, ph);
        String toml = Files.readString(codexHome.resolve("config.toml"));
        assertThat(toml).startsWith("model = \"o4\"\n").contains("[projects.\"/work/p\"]\ntrust_level = \"trusted\"");
        assertThat(toml.split("\\[projects", -1)).hasSize(2);
    }

    @Test
    void geminiSeedsAuthAndTrustedFolder() throws Exception {
        Placeholders ph = new Placeholders(Path.of("/work/p"), tmp, null, Map.of());
        AgentSeeder.seed(AgentProfiles.builtin().get("gemini"), ph);
        assertThat(JSON.readTree(tmp.resolve(".gemini/settings.json").toFile()).at("/security/auth/selectedType")
                .asText()).isEqualTo("gemini-api-key");
        assertThat(JSON.readTree(tmp.resolve(".gemini/trustedFolders.json").toFile()).get("/work/p").asText())
                .isEqualTo("TRUST_FOLDER");
    }
}
