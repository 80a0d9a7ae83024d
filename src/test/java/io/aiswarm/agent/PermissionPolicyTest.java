package io.aiswarm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.master.AgentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermissionPolicyTest {
    @TempDir
    Path tmp;
    private final PermissionPolicy policy = new PermissionPolicy(List.of("npm test", "ls", "rm"), List.of("Read file"));

    @ParameterizedTest(name = "{0} -> allowed {1}")
    @CsvSource(delimiter = '#', value = {
            "npm test#true", "npm test -- --watch#true", "ls build#true", "lsof -i#false", "npm testing#false",
            "ls; make#false", "ls && make#false", "ls | sh#false", "ls > out#false", "ls $(whoami)#false",
            "ls `id`#false", "rm -rf build#false", "rm notes.txt#false", "make deploy#false"})
    void commandPrefixesAllowOnlyPlainCommands(String command, boolean allowed) {
        ScreenReading dialog = new ScreenReading(AgentStatus.WAITING, "", "Do you want to proceed?", null, command);
        List<String> lines = List.of(" Bash command", "   " + command, " Do you want to proceed?");
        assertThat(policy.refusal(dialog, lines).isEmpty()).isEqualTo(allowed);
    }

    @Test
    void toolHeaderAllowsUnlessSomethingDangerousIsInTheDialog() {
        ScreenReading dialog = new ScreenReading(AgentStatus.WAITING, "", "Do you want to proceed?", null, "");
        assertThat(policy.refusal(dialog, List.of("│ Read file │", "│ src/Main.java │"))).isEmpty();
        assertThat(policy.refusal(dialog, List.of("│ Read file │", "│ ~/.ssh/id_rsa │"))).isPresent()
                .get().asString().contains("ssh");
        assertThat(PermissionPolicy.none().refusal(dialog, List.of("Read file"))).get().asString()
                .contains("approved by a person");
    }

    /** Gemini CLI's banner "Authenticated with gemini-api-key /auth" sits above its dialogs: not a dangerous "key". */
    @Test
    void geminisAuthBannerIsNoDanger() {
        String screen = AgentScreens.load("gemini-0.61.0-waiting-rm.txt").replace("rm -rf build", "ls build");
        AgentScreenReader reader = new AgentScreenReader(AgentProfiles.builtin().get("gemini"));
        ScreenReading dialog = reader.read(screen);
        assertThat(dialog.waitingFor()).isEqualTo("ls build");
        assertThat(policy.refusal(dialog, reader.region(screen))).isEmpty();
    }

    @Test
    void fileLoadsAndErrorsNameTheFileAndField() throws Exception {
        assertThat(PermissionPolicy.load(tmp.resolve("missing.json")).refusal(
                new ScreenReading(AgentStatus.WAITING, "", "", null, "ls"), List.of("ls"))).isPresent();
        Path file = tmp.resolve("agent-policy.json");
        Files.writeString(file, "{\"allowCommandPrefixes\": [\"ls\"]}");
        assertThat(PermissionPolicy.load(file).refusal(
                new ScreenReading(AgentStatus.WAITING, "", "", null, "ls -l"), List.of("ls -l"))).isEmpty();
        Files.writeString(file, "{\"allowCommandPrefixes\": \"ls\"}");
        assertThatThrownBy(() -> PermissionPolicy.load(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("allowCommandPrefixes");
        Files.writeString(file, "{oops");
        assertThatThrownBy(() -> PermissionPolicy.load(file)).hasMessageContaining("not valid JSON");
    }
}
