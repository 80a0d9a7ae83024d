package io.aiswarm.master;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a program the way a shell does: a name with a '/' is a path, otherwise the first hit on PATH. */
public final class Executables {
    private Executables() {
    }

    /** The program's absolute path, when it exists and is executable. */
    public static Optional<Path> find(String name, String path) {
        if (name.contains("/")) {
            return Files.isExecutable(Path.of(name)) ? Optional.of(Path.of(name).toAbsolutePath()) : Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name).toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
