package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiswarm.master.Screens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private static Result run(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int exit = SwarmMain.run(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    private Path screenFile(String resource) throws Exception {
        Path file = dir.resolve(resource);
        Files.writeString(file, Screens.load(resource));
        return file;
    }

    @Test
    void classifiesClaudeCodesPermissionDialog() throws Exception {
        Result r = run("", "detect", screenFile("claude-permission-rm.txt").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip().lines()).hasSize(1);
        JsonNode json = r.json();
        assertThat(json.get("state").asText()).isEqualTo("waiting");
        assertThat(json.get("category").asText()).isEqualTo("CHOICE_MENU");
        assertThat(json.get("pattern").asText()).isEqualTo("claude-proceed");
        assertThat(json.get("matched_line").asText()).isEqualTo("Do you want to proceed?");
        assertThat(json.get("line_index").asInt()).isEqualTo(11);
        assertThat(json.get("action").asText()).isEqualTo("RAISE_HELP");
        assertThat(json.get("reason").asText()).contains("dangerous word");
    }

    @Test
    void readsStandardInputAndSaysWhatThePolicyWouldDo() throws Exception {
        Result r = run("Build finished.\nPress Enter to continue\n", "detect", "-");
        assertThat(r.exit()).isZero();
        assertThat(r.json().get("state").asText()).isEqualTo("waiting");
        assertThat(r.json().get("category").asText()).isEqualTo("PRESS_ENTER");
        assertThat(r.json().get("action").asText()).isEqualTo("SEND_ENTER");
    }

    @Test
    void reportsBusyAndIdleScreensWithNoAction() throws Exception {
        JsonNode busy = run("", "detect", screenFile("claude-busy.txt").toString()).json();
        assertThat(busy.get("state").asText()).isEqualTo("busy");
        assertThat(busy.get("category").asText()).isEqualTo("NONE");
        assertThat(busy.get("action").asText()).isEqualTo("NONE");
        JsonNode idle = run("", "detect", "--agent", "claude", screenFile("claude-idle.txt").toString()).json();
        assertThat(idle.get("state").asText()).isEqualTo("idle");
        assertThat(idle.get("agent").asText()).isEqualTo("claude");
        JsonNode unknown = run("compiling 3 of 9\n", "detect").json();
        assertThat(unknown.get("state").asText()).isEqualTo("unknown");
    }

    @Test
    void aMissingFileIsAClearErrorNamingIt() {
        Result r = run("", "detect", dir.resolve("nope.txt").toString());
        assertThat(r.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
        assertThat(r.err()).contains("cannot read screen file").contains("nope.txt");
        assertThat(r.out()).isEmpty();
    }
}
