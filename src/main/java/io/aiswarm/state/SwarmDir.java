package io.aiswarm.state;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates and checks private directories: mode 0700, owned by the current user, not group- or world-writable,
 * and never a symbolic link. A shared or planted directory would let another local user inject tasks that run
 * as us, so anything else is refused with a message saying how to fix it.
 */
public final class SwarmDir {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private SwarmDir() {
    }

    /** What {@link #ensure} found: the directory, whether it created it, and its mode. */
    public record Checked(Path dir, boolean created, String permissions, long ownerUid) {
    }

    /** Creates {@code dir} (and missing parents) with mode 0700, or checks the existing one. */
    public static Checked ensure(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        boolean created = false;
        try {
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                createPrivate(abs);
                created = true;
            }
            PosixFileAttributes attrs = verify(abs);
            return new Checked(abs, created, PosixFilePermissions.toString(attrs.permissions()), uidOf(abs));
        } catch (IOException e) {
            throw new SwarmStateException("cannot create or check the swarm directory " + abs + ": " + e
                    + "; check the path (AI_SWARM_DIR) and its parents' permissions", e);
        }
    }

    /** A sub-directory such as locks/ or results/: created 0700 when missing, else checked like the root. */
    public static Path ensureSubdir(Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
                    Files.setPosixFilePermissions(dir, PRIVATE);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: checked below like any existing directory
                }
            }
            verify(dir);
            return dir;
        } catch (IOException e) {
            throw new SwarmStateException("cannot create or check directory " + dir + ": " + e, e);
        }
    }

    /** Refuses a symlink, a non-directory, another owner, or group/world write permission. */
    public static PosixFileAttributes verify(Path dir) throws IOException {
        PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            throw new SwarmStateException(dir + " is a symbolic link; refusing to follow it. Remove it, or point"
                    + " AI_SWARM_DIR at the real directory");
        }
        if (!attrs.isDirectory()) {
            throw new SwarmStateException(dir + " exists but is not a directory; move it away or choose another"
                    + " AI_SWARM_DIR");
        }
        long owner = uidOf(dir);
        long me = currentUid();
        if (owner != me) {
            throw new SwarmStateException(dir + " belongs to uid " + owner + " (" + attrs.owner().getName()
                    + "), not to you (uid " + me + "); refusing to use it: another user could plant tasks there."
                    + " Choose another AI_SWARM_DIR");
        }
        Set<PosixFilePermission> perms = attrs.permissions();
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new SwarmStateException(dir + " has mode " + PosixFilePermissions.toString(perms)
                    + ", writable by group or others; refusing to use it. Fix with: chmod 700 " + dir);
        }
        return attrs;
    }

    /** This process's uid, looked up once: UnixSystem reads /etc/passwd on every call (twice per dispatched task). */
    public static long currentUid() {
        return Uid.VALUE;
    }

    private static final class Uid {
        static final long VALUE = new UnixSystem().getUid();
    }

    private static long uidOf(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    private static void createPrivate(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null && !Files.exists(parent)) {
            createPrivate(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            Files.setPosixFilePermissions(dir, PRIVATE); // the umask may have cleared bits; make it exact
        } catch (FileAlreadyExistsException raced) {
            // created concurrently by another process; the caller verifies it
        }
    }
}
