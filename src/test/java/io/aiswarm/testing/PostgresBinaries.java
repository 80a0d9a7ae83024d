package io.aiswarm.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the server programs of an installed PostgreSQL (initdb, pg_ctl, postgres): {@code pg_config --bindir} when
 * that directory holds them (pg_config may come from libpq-dev without a server), else the newest
 * {@code /usr/lib/postgresql/N/bin} (Debian keeps them off PATH), else {@code initdb} on PATH.
 */
public final class PostgresBinaries {
    /** What to do when nothing is found: what the tests say when they skip. */
    public static final String MISSING = "PostgreSQL is not installed (no initdb and pg_ctl found via pg_config,"
            + " /usr/lib/postgresql/*/bin or PATH): install it with `apt-get install postgresql`, or run"
            + " bin/swarm-test, which installs it";

    private PostgresBinaries() {
    }

    public static Optional<Path> find() {
        List<Path> candidates = new ArrayList<>();
        pgConfigBindir().ifPresent(candidates::add);
        candidates.addAll(debianBindirs());
        onPath("initdb").ifPresent(candidates::add);
        return candidates.stream().filter(PostgresBinaries::hasServer).findFirst();
    }

    private static boolean hasServer(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))
                && Files.isExecutable(dir.resolve("postgres"));
    }

    private static Optional<Path> pgConfigBindir() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) return Optional.empty();
            return Optional.of(Path.of(out));
        } catch (IOException e) {
            return Optional.empty(); // no pg_config
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** /usr/lib/postgresql/{15,16,…}/bin, newest version first. */
    private static List<Path> debianBindirs() {
        List<Path> dirs = new ArrayList<>();
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return dirs;
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
            for (Path v : versions) dirs.add(v.resolve("bin"));
        } catch (IOException e) {
            return dirs;
        }
        dirs.sort(Comparator.comparingDouble(PostgresBinaries::version).reversed());
        return dirs;
    }

    private static double version(Path bin) {
        try {
            return Double.parseDouble(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The real directory of {@code program} on PATH (symbolic links resolved, as pg_ctl itself does). */
    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) continue;
            Path exe = Path.of(dir, program);
            if (!Files.isExecutable(exe)) continue;
            try {
                return Optional.of(exe.toRealPath().getParent());
            } catch (IOException e) {
                // a dangling link: keep looking
            }
        }
        return Optional.empty();
    }
}
