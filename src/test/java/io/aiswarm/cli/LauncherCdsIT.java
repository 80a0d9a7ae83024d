package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.bench.LauncherArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/swarm's class-data archive: made once in the user's cache, in the background, used by the next commands, and
 * never the cause of a failed command, whatever state it is in (damaged, cut short, another jar's, unwritable cache).
 */
class LauncherCdsIT {
    private static final Path LAUNCHER = Path.of("bin/swarm").toAbsolutePath();

    @TempDir
    static Path tmp;

    private static Path archive;

    record Run(int exit, String out, String err) {
    }

    static Run swarm(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList());
        pb.environment().putAll(env);
        pb.environment().put("AI_SWARM_DIR", tmp.resolve("swarm").toString());
        pb.environment().remove("AI_SWARM_NO_CDS");
        pb.directory(tmp.toFile()); // a crashing JVM would leave its hs_err file here
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Map<String, String> cache(Path dir) {
        return Map.of("XDG_CACHE_HOME", dir.toString());
    }

    private static List<Path> archives(Path cacheHome) throws IOException {
        Path dir = cacheHome.resolve("ai-swarm/cds");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    @BeforeAll
    static void firstCommandMakesTheArchiveInTheBackground() throws Exception {
        Path home = tmp.resolve("cache");
        Run first = swarm(cache(home), "--version");
        assertThat(first).isEqualTo(new Run(0, "AI Swarm 0.1.0\n", ""));
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> archives(home).size() == 1);
        archive = archives(home).get(0);
        assertThat(LauncherArchive.path(LAUNCHER.resolveSibling("../target/ai-swarm.jar").normalize(),
                Map.of("XDG_CACHE_HOME", home.toString(), "PATH", System.getenv("PATH")))).contains(archive);
        assertThat(Files.readString(Path.of(archive + ".jar"))).endsWith("target/ai-swarm.jar");
    }

    @Test
    void theNextCommandsLoadOurClassesFromIt() throws Exception {
        Path log = tmp.resolve("class-load.log");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString(),
                "AI_SWARM_JAVA_OPTS", "-XX:+UseSerialGC -Xlog:class+load=info:file=" + log);
        assertThat(swarm(env, "task", "list").exit()).isZero();
        assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains("io.aiswarm.cli.SwarmMain source: shared objects file"));
    }

    @Test
    void aDamagedArchiveNeverBreaksACommand() throws Exception {
        byte[] good = Files.readAllBytes(archive);
        Path home = tmp.resolve("damaged");
        Path dir = Files.createDirectories(home.resolve("ai-swarm/cds"));
        Path copy = dir.resolve(archive.getFileName());
        List<byte[]> damages = List.of(
                java.util.Arrays.copyOf(good, good.length / 2), // cut short
                new byte[0],
                "not an archive".getBytes(StandardCharsets.UTF_8),
                damagedInside(good)); // header intact: the JVM would map it and crash without a checksum
        for (byte[] damaged : damages) {
            Files.deleteIfExists(copy);
            Files.write(copy, damaged);
            Run run = swarm(cache(home), "--version");
            assertThat(run).as("archive of %d bytes", damaged.length).isEqualTo(new Run(0, "AI Swarm 0.1.0\n", ""));
            assertThat(Files.readAllBytes(copy)).as("left alone").isEqualTo(damaged);
        }
        try (Stream<Path> crashes = Files.list(tmp)) {
            assertThat(crashes.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.startsWith("hs_err"));
        }
    }

    private static byte[] damagedInside(byte[] good) {
        byte[] bad = good.clone();
        java.util.Random random = new java.util.Random(42);
        for (int i = 4096; i < Math.min(bad.length, 4096 + 3_000_000); i++) bad[i] = (byte) random.nextInt();
        return bad;
    }

    /** An archive under this jar's name that was made for another jar (a stale one): ignored, without a word. */
    @Test
    void anotherJarsArchiveIsIgnored() throws Exception {
        Path install = tmp.resolve("install");
        Files.createDirectories(install.resolve("bin"));
        Files.createDirectories(install.resolve("target"));
        Files.copy(LAUNCHER, install.resolve("bin/swarm"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path jar = Files.copy(LAUNCHER.resolveSibling("../target/ai-swarm.jar").normalize(),
                install.resolve("target/ai-swarm.jar"));
        Path home = tmp.resolve("stale");
        Path dir = Files.createDirectories(home.resolve("ai-swarm/cds"));
        Files.copy(archive, LauncherArchive.path(jar, Map.of("XDG_CACHE_HOME", home.toString(), "PATH",
                System.getenv("PATH"))).orElseThrow());
        Path log = tmp.resolve("stale-class-load.log");
        ProcessBuilder pb = new ProcessBuilder(install.resolve("bin/swarm").toString(), "--version");
        pb.environment().putAll(Map.of("XDG_CACHE_HOME", home.toString(), "AI_SWARM_JAVA_OPTS",
                "-XX:+UseSerialGC -Xlog:class+load=info:file=" + log));
        pb.environment().remove("AI_SWARM_NO_CDS");
        Process p = pb.redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("AI Swarm 0.1.0\n");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readAllLines(log)).as("the archive was not used").noneMatch(l -> l.contains("io.aiswarm")
                && l.contains("shared objects file"));
    }

    @Test
    void anUnwritableCacheOnlyMeansNoArchive() throws Exception {
        Path notADir = Files.writeString(tmp.resolve("cache-is-a-file"), "x");
        assertThat(swarm(cache(notADir), "--version")).isEqualTo(new Run(0, "AI Swarm 0.1.0\n", ""));
        Path relative = Path.of("relative-cache");
        assertThat(swarm(Map.of("XDG_CACHE_HOME", relative.toString()), "--version").exit()).isZero();
        assertThat(tmp.resolve(relative)).doesNotExist();
    }

    @Test
    void noCdsMakesNone() throws Exception {
        Path home = tmp.resolve("none");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", home.toString(), "AI_SWARM_NO_CDS", "1");
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "--version");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("AI Swarm 0.1.0\n");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(2000); // a background maker would have made its directory by now
        assertThat(home.resolve("ai-swarm")).doesNotExist();
    }
}
