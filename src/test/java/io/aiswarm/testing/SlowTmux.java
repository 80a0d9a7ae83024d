package io.aiswarm.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A {@code tmux} that answers slowly, as a loaded tmux server does: a script put first on a child process's PATH
 * that forwards everything to the real tmux, but in control mode holds every command that follows a
 * {@code respawn-pane} for {@code delay} seconds before passing it on. Other tmux calls go straight through.
 */
public final class SlowTmux {
    private SlowTmux() {
    }

    /** Writes the wrapper into {@code dir} (as {@code dir/tmux}) and returns {@code dir}, to put first on PATH. */
    public static Path install(Path dir, double delaySeconds) throws IOException {
        Files.createDirectories(dir);
        String real = realTmux();
        String script = """
                #!/bin/bash
                real='%s'
                control=
                for a in "$@"; do case $a in -C|-CC) control=1;; esac; done
                [ -z "$control" ] && exec "$real" "$@"
                fifo=$(mktemp -u "${TMPDIR:-/tmp}/slow-tmux.XXXXXX")
                mkfifo -m 600 "$fifo"
                "$real" "$@" < "$fifo" &
                tmux_pid=$!
                exec 3> "$fifo"
                rm -f "$fifo"
                while IFS= read -r line; do
                  printf '%%s\\n' "$line" >&3
                  case $line in respawn-pane*) sleep %s;; esac
                done
                exec 3>&-
                wait "$tmux_pid"
                """.formatted(real, delaySeconds);
        Path tmux = dir.resolve("tmux");
        Files.writeString(tmux, script);
        Files.setPosixFilePermissions(tmux, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** PATH with the wrapper's directory first. */
    public static String path(Path dir) {
        return dir + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }

    private static String realTmux() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, "tmux");
            if (Files.isExecutable(candidate)) return candidate.toAbsolutePath().toString();
        }
        throw new IllegalStateException("tmux is not on PATH");
    }
}
