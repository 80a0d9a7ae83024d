package io.aiswarm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where bin/swarm keeps the class-data archive for a jar and a java: ${XDG_CACHE_HOME:-~/.cache}/ai-swarm/cds,
 * named by both files' inode, size and mtime (what `stat -L -c '%i-%s-%Y'` prints), as bin/swarm names it.
 */
public final class LauncherArchive {
    private LauncherArchive() {
    }

    /** The archive's path for this jar and the first java on {@code env}'s PATH; empty when either is missing. */
    public static Optional<Path> path(Path jar, Map<String, String> env) {
        String cacheHome = env.getOrDefault("XDG_CACHE_HOME", "");
        Path cache = cacheHome.startsWith("/") ? Path.of(cacheHome)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
        try {
            Optional<Path> java = javaOnPath(env.getOrDefault("PATH", ""));
            if (java.isEmpty() || !Files.isRegularFile(jar)) return Optional.empty();
            return Optional.of(cache.resolve("ai-swarm/cds/ai-swarm-" + identity(jar) + "-" + identity(java.get())
                    + ".jsa"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A file's inode, size and mtime in seconds, following links. */
    public static String identity(Path file) throws IOException {
        Path real = file.toRealPath();
        return Files.getAttribute(real, "unix:ino") + "-" + Files.size(real) + "-"
                + Files.getLastModifiedTime(real).to(TimeUnit.SECONDS);
    }

    public static Optional<Path> javaOnPath(String path) {
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path java = Path.of(dir, "java");
            if (Files.isExecutable(java)) return Optional.of(java);
        }
        return Optional.empty();
    }
}
