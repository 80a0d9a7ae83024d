package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.master.Screens;
import io.aiswarm.state.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest {
    @TempDir
    Path dir;
    CliRun swarm;

    @BeforeEach
    void setUp() {
        swarm = new CliRun(dir.resolve("swarm"));
    }

    private Path screenFile(String resource) throws Exception {
        Path file = dir.resolve(resource);
        Files.writeString(file, Screens.load(resource));
        return file;
    }

    private static JsonNode json(CliRun.Result r) throws Exception {
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip().lines()).hasSize(1);
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void classifiesClaudeCodesPermissionDialog() throws Exception {
        JsonNode json = json(swarm.run("detect", screenFile("claude-permission-rm.txt").toString()));
        assertThat(json.get("state").asText()).isEqualTo("waiting");
        assertThat(json.get("category").asText()).isEqualTo("CHOICE_MENU");
        assertThat(json.get("pattern").asText()).isEqualTo("claude-proceed");
        assertThat(json.get("matched_line").asText()).isEqualTo("Do you want to proceed?");
        assertThat(json.get("line_index").asInt()).isEqualTo(11);
        assertThat(json.get("action").asText()).isEqualTo("RAISE_HELP");
        assertThat(json.get("reason").asText()).contains("dangerous word");
        assertThat(json.get("dry_run").asBoolean()).isFalse();
    }

    @Test
    void readsStandardInputAndSaysWhatThePolicyWouldDo() throws Exception {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream("Build finished.\nPress Enter to continue\n"
                    .getBytes(StandardCharsets.UTF_8)));
            JsonNode json = json(swarm.run("detect", "-"));
            assertThat(json.get("state").asText()).isEqualTo("waiting");
            assertThat(json.get("category").asText()).isEqualTo("PRESS_ENTER");
            assertThat(json.get("line_index").asInt()).isEqualTo(1);
            assertThat(json.get("action").asText()).isEqualTo("SEND_ENTER");
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void reportsBusyIdleAndUnknownScreensWithNoAction() throws Exception {
        JsonNode busy = json(swarm.run("detect", screenFile("claude-busy.txt").toString()));
        assertThat(busy.get("state").asText()).isEqualTo("busy");
        assertThat(busy.get("category").asText()).isEqualTo("NONE");
        assertThat(busy.get("action").asText()).isEqualTo("NONE");
        assertThat(busy.get("line_index").asInt()).isEqualTo(-1);
        // --agent reads the screen with that profile's rules
        JsonNode idle = json(swarm.run("detect", "--agent", "gemini", screenFile("gemini-idle.txt").toString()));
        assertThat(idle.get("state").asText()).isEqualTo("idle");
        assertThat(idle.get("agent").asText()).isEqualTo("gemini");
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "compiling 3 of 9\n");
        assertThat(json(swarm.run("detect", plain.toString())).get("state").asText()).isEqualTo("unknown");
    }

    @Test
    void honoursTheRescueSettings() throws Exception {
        swarm.env("AI_SWARM_AUTO_RESCUE_DRY_RUN", "true").env("AI_SWARM_AUTO_RESCUE_ENABLED", "false");
        JsonNode json = json(swarm.run("detect", screenFile("exec-press-enter.txt").toString()));
        assertThat(json.get("action").asText()).isEqualTo("NONE");
        assertThat(json.get("reason").asText()).contains("disabled");
        assertThat(json.get("dry_run").asBoolean()).isTrue();
    }

    @Test
    void aBadRegexSettingIsAClearErrorNamingTheVariable() throws Exception {
        CliRun.Result r = swarm.env("AI_SWARM_AUTO_RESCUE_ALLOW", "(oops")
                .run("detect", screenFile("exec-press-enter.txt").toString());
        assertThat(r.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
        assertThat(r.err()).startsWith("swarm: AI_SWARM_AUTO_RESCUE_ALLOW='(oops' is not a valid regular expression");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingFileIsAClearErrorNamingIt() {
        CliRun.Result r = swarm.run("detect", dir.resolve("nope.txt").toString());
        assertThat(r.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
        assertThat(r.err()).contains("cannot read screen file").contains("nope.txt");
        assertThat(r.out()).isEmpty();
    }

    /** Over every recorded agent screen and every profile: a prompt's action and the state never disagree. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"claude", "codex", "gemini"})
    void stateAndActionNeverDisagree(String profile) throws Exception {
        Path screens = Path.of("src/test/resources/io/aiswarm/agent/screens");
        try (var files = Files.list(screens)) {
            for (Path file : files.toList()) {
                JsonNode out = json(swarm.run("detect", "--agent", profile, file.toString()));
                boolean waiting = out.get("state").asText().equals("waiting");
                boolean acts = !out.get("action").asText().equals("NONE");
                assertThat(acts).as(profile + " " + file.getFileName() + ": " + out).isEqualTo(waiting);
            }
        }
    }

    @Test
    void codexTrustDialogIsWaitingForAPerson() throws Exception {
        Path file = dir.resolve("trust.txt");
        Files.writeString(file, io.aiswarm.agent.AgentScreensAccess.load("codex-0.171.0-trust-folder.txt"));
        JsonNode out = json(swarm.run("detect", "--agent", "codex", file.toString()));
        assertThat(out.get("state").asText()).isEqualTo("waiting");
        assertThat(out.get("action").asText()).isEqualTo("RAISE_HELP");
        assertThat(out.get("agent_rule").asText()).isEqualTo("generic:numbered-choice");
    }
}
