package io.aiswarm.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Refuses to create a worktree on a nearly full disk, saying how much is free. */
public final class DiskSpace {
    public static final String ENV_MIN_FREE_MB = "AI_SWARM_WORKTREE_MIN_FREE_MB";
    public static final long DEFAULT_MIN_FREE_MB = 1024;

    private DiskSpace() {
    }

    /** The minimum in bytes from the setting ({@value #ENV_MIN_FREE_MB}, in MiB; 0 turns the check off). */
    public static long minimumFrom(String setting) {
        if (setting == null || setting.isBlank()) return DEFAULT_MIN_FREE_MB << 20;
        try {
            long mb = Long.parseLong(setting.strip());
            if (mb >= 0) return mb << 20;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(ENV_MIN_FREE_MB + "='" + setting + "' is not a whole number of MiB >= 0;"
                + " unset it to use the default " + DEFAULT_MIN_FREE_MB);
    }

    public static void require(Path dir, long minimumBytes) {
        if (minimumBytes <= 0) return;
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return;
        long free;
        try {
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell the free space at " + existing + ": " + e.getMessage(), e);
        }
        if (free < minimumBytes) {
            throw new WorkspaceException("the disk of " + existing + " is nearly full: " + mib(free) + " free, "
                    + mib(minimumBytes) + " wanted before a new worktree is created; free some space (swarm clean "
                    + "removes merged worktrees) or lower " + ENV_MIN_FREE_MB);
        }
    }

    static String mib(long bytes) {
        return bytes >= 10L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }
}
