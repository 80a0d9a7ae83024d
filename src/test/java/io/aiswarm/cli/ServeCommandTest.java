package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `swarm serve` without a running master: what it keeps, and the token made and printed once. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void beyondLoopbackTheTokenIsMadeOncePrintedOnceAndKeptPrivate() throws Exception {
        CliRun cli = new CliRun(dir);
        CliRun.Result first = cli.run("serve", "--bind", "0.0.0.0", "--port", "8555");
        assertThat(first.exit()).as(first.err()).isZero();
        Path tokenFile = dir.resolve("web.token");
        String token = Files.readString(tokenFile).strip();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        assertThat(first.out()).contains(token).contains("printed this once")
                .contains("no master is running for cluster 'default'; the page opens when it starts");
        assertThat(Json.MAPPER.readTree(Files.readString(dir.resolve("serve.json"))).toString())
                .isEqualTo("{\"bind\":\"0.0.0.0\",\"port\":8555}");

        CliRun.Result again = cli.run("serve", "--bind", "0.0.0.0", "--port", "8555");
        assertThat(again.out()).doesNotContain(token).contains("needs the token in " + tokenFile);

        CliRun.Result local = cli.run("serve");
        assertThat(local.out()).doesNotContain("token");
        assertThat(Files.readString(dir.resolve("serve.json"))).contains("127.0.0.1").contains("8420");

        assertThat(cli.run("serve", "--stop").out()).contains("no longer served");
        assertThat(dir.resolve("serve.json")).doesNotExist();
        assertThat(cli.run("serve", "--stop").out()).contains("was not served");
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        CliRun cli = new CliRun(dir);
        CliRun.Result port = cli.run("serve", "--port", "70000");
        assertThat(port.exit()).isEqualTo(1);
        assertThat(port.err()).contains("port 70000 is out of range");
        CliRun.Result bind = cli.run("serve", "--bind", " ");
        assertThat(bind.exit()).isEqualTo(1);
        assertThat(bind.err()).contains("--bind needs an address");
        assertThat(dir.resolve("serve.json")).doesNotExist();
    }
}
