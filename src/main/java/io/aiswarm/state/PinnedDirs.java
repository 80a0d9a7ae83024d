package io.aiswarm.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The swarm directory and its sub-directories as they were when a long-lived process (the master) started: each one's
 * identity (device and inode). Before the master writes, {@link #verify} checks that every path still leads to the
 * same real directory: one that was replaced (by a symbolic link leading elsewhere, or by another directory) is
 * reported and refused, never followed. A directory pinned before it existed is pinned when it first appears.
 */
public final class PinnedDirs {
    private final Map<Path, Object> keys = new LinkedHashMap<>();

    /** Pins these directories (those that exist now; the others when they first appear). */
    public PinnedDirs(Path... dirs) {
        for (Path dir : dirs) keys.put(dir.toAbsolutePath().normalize(), null);
        verify();
    }

    public static PinnedDirs of(SwarmPaths paths) {
        return new PinnedDirs(paths.root(), paths.locksDir(), paths.resultsDir(), paths.runDir(), paths.claimsDir());
    }

    /** Throws a {@link SwarmStateException} naming the directory when one was replaced since it was pinned. */
    public synchronized void verify() {
        for (Map.Entry<Path, Object> pin : keys.entrySet()) {
            Path dir = pin.getKey();
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (pin.getValue() == null) continue; // not created yet
                throw replaced(dir, "it was removed");
            } catch (IOException e) {
                throw new SwarmStateException("cannot check " + dir + ": " + e, e);
            }
            if (attrs.isSymbolicLink()) throw replaced(dir, "it is now a symbolic link to " + target(dir));
            if (!attrs.isDirectory()) throw replaced(dir, "it is no longer a directory");
            if (pin.getValue() == null) {
                pin.setValue(attrs.fileKey());
            } else if (!pin.getValue().equals(attrs.fileKey())) {
                throw replaced(dir, "it is now another directory");
            }
        }
    }

    private static SwarmStateException replaced(Path dir, String what) {
        return new SwarmStateException(dir + " was replaced while the swarm ran (" + what + "); refusing to write"
                + " there or to follow it. Put the original directory back, or stop the master and start it again"
                + " to use what is there now");
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }
}
