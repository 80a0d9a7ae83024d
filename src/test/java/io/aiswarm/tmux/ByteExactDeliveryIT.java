package io.aiswarm.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.testing.TmuxServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-style: thousands of seeded random strings (quotes, ; $ # ~ {} \, leading -, tabs, control
 * characters, non-ASCII, several lines, many KB) go into a pane whose terminal is raw (no echo, no line
 * editing, no CR/LF translation) and whose program is {@code cat > file}; the file must hold exactly
 * the bytes sent, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ByteExactDeliveryIT {
    private static final String[] PIECES = {"'", "\"", ";", "\\;", "$", "$HOME", "#", "#{pane_id}", "~", "~/x", "{",
        "}", "{}", "\\", "\\\\", "-", "--", "-t", " ", "\t", "é", "✓", "日本語", "😀", "\n", "\r\n", "%end 1 2 1",
        "`", "!", "*", "&", "|", ">", "\u001b", "\u0001", "\u007f", "'\\''", "a", "Z", "0"};
    private final TmuxServer server = new TmuxServer();
    private TmuxSwarmManager manager;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        manager = TmuxSwarmManager.create(new SessionSpec(server.socket(), "swarm-bytes", List.of(), "windows", null,
                Map.of(), null, null));
    }

    @AfterAll
    void stop() {
        manager.close();
        server.close();
    }

    private Path rawCat(String workerId) {
        Path file = dir.resolve(workerId + ".bin");
        manager.addWorker(workerId, List.of("sh", "-c", "stty raw -echo && exec cat > " + TmuxQuoting.shell(file.toString())));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file));
        return file;
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 22, 33})
    void randomTextArrivesByteForByte(long seed) throws Exception {
        Path file = rawCat("worker-" + seed);
        Random random = new Random(seed);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            String text = randomText(random);
            if (random.nextInt(10) == 0) {
                manager.sendToAgent("worker-" + seed, text);
                text += "\r"; // Enter as a key: CR on a raw terminal
            } else {
                manager.sendText("worker-" + seed, text);
            }
            expected.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] want = expected.toByteArray();
        assertThat(want.length).as("bytes sent").isGreaterThan(100_000);
        await().atMost(Duration.ofSeconds(40)).until(() -> Files.size(file) >= want.length);
        byte[] got = Files.readAllBytes(file);
        int diff = Arrays.mismatch(want, got);
        assertThat(diff).as("first differing byte at %d: want %s got %s", diff, around(want, diff), around(got, diff))
                .isEqualTo(-1);
    }

    @Test
    void keysAreSentAsKeys() {
        Path file = rawCat("worker-keys");
        manager.sendText("worker-keys", "-");
        manager.sendKey("worker-keys", "Escape");
        manager.sendKey("worker-keys", "C-c");
        manager.sendKey("worker-keys", "y");
        manager.sendKey("worker-keys", "Enter");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Files.readAllBytes(file)).isEqualTo(new byte[] {'-', 0x1b, 0x03, 'y', '\r'}));
    }

    static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int kind = random.nextInt(100);
        int pieces = kind < 3 ? 2000 + random.nextInt(4000) : kind < 10 ? 100 + random.nextInt(400) : random.nextInt(12);
        if (random.nextInt(8) == 0) text.append('-'); // leading dash: must not become an option
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(4) == 0) {
                text.appendCodePoint(randomCodePoint(random));
            } else {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return text.toString();
    }

    private static int randomCodePoint(Random random) {
        while (true) {
            int cp = random.nextInt(4) == 0 ? random.nextInt(0x30000) : 0x20 + random.nextInt(0x5f);
            if (cp == 0 || Character.isSurrogate((char) cp) && cp <= 0xffff) continue;
            if (!Character.isDefined(cp) || Character.getType(cp) == Character.PRIVATE_USE) continue;
            return cp;
        }
    }

    private static String around(byte[] bytes, int at) {
        if (at < 0) return "";
        int from = Math.max(0, at - 20);
        int to = Math.min(bytes.length, at + 20);
        return Arrays.toString(Arrays.copyOfRange(bytes, from, to));
    }
}
