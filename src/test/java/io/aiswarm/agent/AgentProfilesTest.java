package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.master.AgentStatus;
import io.aiswarm.state.SwarmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentProfilesTest {
    @TempDir
    Path tmp;

    @Test
    void builtInProfilesAreAllThere() {
        AgentProfiles p = AgentProfiles.builtin();
        assertThat(p.names()).contains("claude", "codex", "gemini", "aider", "generic", "sim");
        assertThat(p.get("claude").command()).containsExactly("claude", "--permission-mode", "default");
        assertThat(p.get("claude").env()).containsEntry("DISABLE_TELEMETRY", "1");
        assertThat(p.get("sim").screen().busy()).hasSameSizeAs(p.get("claude").screen().busy());
        assertThat(p.get("sim").command().get(0)).endsWith("/bin/swarm-sim-agent");
    }

    @Test
    void userFileOverridesFieldsAndAddsProfilesThatExtendOthers() throws Exception {
        Path file = write("agents.json", """
                {"agents": {
                  "claude": {"command": ["claude", "--model", "opus"]},
                  "mybot": {"extends": "generic", "command": ["mybot"],
                            "screen": {"idle": ["^mybot> ?$"], "busy": ["thinking"]}}
                }}""");
        AgentProfiles p = AgentProfiles.load(List.of(file));
        assertThat(p.get("claude").command()).containsExactly("claude", "--model", "opus");
        assertThat(p.get("claude").screen().waiting()).isNotEmpty(); // not given: kept from the built-in
        assertThat(p.get("claude").source()).isEqualTo(file.toString());
        AgentProfile bot = p.get("mybot");
        assertThat(bot.screen().waiting()).isNotEmpty(); // inherited from generic
        AgentScreenReader reader = new AgentScreenReader(bot);
        assertThat(reader.read("hello\nmybot> \n").status()).isEqualTo(AgentStatus.IDLE);
        assertThat(reader.read("thinking...\n").status()).isEqualTo(AgentStatus.BUSY);
        assertThat(p.files()).containsExactly(file);
    }

    @Test
    void configFilesAreFoundInTheUserConfigAndTheSwarmDir() throws Exception {
        Path home = tmp.resolve("home");
        Path swarm = tmp.resolve("swarm");
        Files.createDirectories(home.resolve(".config/ai-swarm"));
        Files.createDirectories(swarm);
        Files.writeString(home.resolve(".config/ai-swarm/agents.json"),
                "{\"agents\":{\"claude\":{\"command\":[\"from-home\"]},\"x\":{\"extends\":\"claude\"}}}");
        Files.writeString(swarm.resolve("agents.json"), "{\"agents\":{\"claude\":{\"command\":[\"from-swarm\"]}}}");
        SwarmConfig config = SwarmConfig.from("c", Map.of("HOME", home.toString(), "AI_SWARM_DIR", swarm.toString()));
        AgentProfiles p = AgentProfiles.load(config);
        assertThat(p.get("claude").command()).containsExactly("from-swarm");
        assertThat(p.get("x").command()).containsExactly("from-swarm");
    }

    @Test
    void errorsNameTheFileAndTheField() throws Exception {
        assertThatThrownBy(() -> AgentProfiles.load(List.of(write("a.json", "{\"agents\": {\"c\": {\"screen\": {\"busy\": [\"(unclosed\"]}}}}"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.json").hasMessageContaining("agents.c.screen.busy[0]").hasMessageContaining("bad regex");
        assertThatThrownBy(() -> AgentProfiles.load(List.of(write("b.json", "{\"agents\": {\"c\": {\"comand\": []}}}"))))
                .hasMessageContaining("b.json").hasMessageContaining("agents.c.comand").hasMessageContaining("unknown field");
        assertThatThrownBy(() -> AgentProfiles.load(List.of(write("c.json", "{\"agents\": {"))))
                .hasMessageContaining("c.json").hasMessageContaining("not valid JSON").hasMessageContaining("line");
        assertThatThrownBy(() -> AgentProfiles.load(List.of(write("d.json", "{\"agents\": {\"c\": {\"extends\": \"nope\"}}}"))))
                .hasMessageContaining("d.json").hasMessageContaining("agents.c.extends").hasMessageContaining("nope");
        assertThatThrownBy(() -> AgentProfiles.load(List.of(write("e.json", "{\"agents\": {\"c\": {\"submit\": {\"enterDelayMillis\": -1}}}}"))))
                .hasMessageContaining("agents.c.submit.enterDelayMillis");
        assertThatThrownBy(() -> AgentProfiles.load(List.of(write("f.json", "[]"))))
                .hasMessageContaining("f.json").hasMessageContaining("{\"agents\"");
        assertThatThrownBy(() -> AgentProfiles.builtin().get("nosuch"))
                .hasMessageContaining("unknown agent profile 'nosuch'").hasMessageContaining("claude");
    }

    @Test
    void placeholdersExpandAndUnknownOnesAreNamed() {
        Placeholders ph = new Placeholders(Path.of("/w"), Path.of("/h"), Path.of("/s"),
                Map.of("ANTHROPIC_API_KEY", "sk-ant-0123456789abcdefghijklmnopqrstuvwxyz"));
        assertThat(ph.expand("${home}/.claude.json ${workdir} ${swarm_home} ${last20:ANTHROPIC_API_KEY} [${env:NONE}]"))
                .isEqualTo("/h/.claude.json /w /s ghijklmnopqrstuvwxyz []");
        assertThatThrownBy(() -> ph.expand("${nope}")).hasMessageContaining("${nope}");
    }

    private Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
