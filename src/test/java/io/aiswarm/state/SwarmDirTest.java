package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmDirTest {
    @TempDir
    Path tmp;

    @Test
    void createsThePrivateDirectoryAndItsParents() throws Exception {
        Path dir = tmp.resolve("a/b/swarm");
        SwarmDir.Checked checked = SwarmDir.ensure(dir);
        assertThat(checked.created()).isTrue();
        assertThat(checked.permissions()).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a")))).isEqualTo("rwx------");
        assertThat(SwarmDir.ensure(dir).created()).isFalse();
    }

    @Test
    void refusesAGroupOrWorldWritableDirectory() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> SwarmDir.ensure(dir)).isInstanceOf(SwarmStateException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("writable by group or others")
                .hasMessageContaining("chmod 700");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-w----"));
        assertThatThrownBy(() -> SwarmDir.ensure(dir)).isInstanceOf(SwarmStateException.class);
    }

    @Test
    void acceptsAReadableButNotWritableDirectory() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("readable"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(SwarmDir.ensure(dir).permissions()).isEqualTo("rwxr-xr-x");
    }

    @Test
    void refusesADirectoryOwnedByAnotherUser() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("theirs"));
        if (SwarmDir.currentUid() != 0) return; // only root can hand a directory to someone else
        Files.setAttribute(dir, "unix:uid", 4242);
        assertThatThrownBy(() -> SwarmDir.ensure(dir)).isInstanceOf(SwarmStateException.class)
                .hasMessageContaining("belongs to uid 4242").hasMessageContaining("AI_SWARM_DIR");
    }

    @Test
    void refusesASymbolicLinkAsTheDirectoryOrASubDirectory() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThatThrownBy(() -> SwarmDir.ensure(link)).hasMessageContaining("symbolic link");

        Path swarm = SwarmDir.ensure(tmp.resolve("swarm")).dir();
        Files.createSymbolicLink(swarm.resolve("locks"), real);
        assertThatThrownBy(() -> SwarmDir.ensureSubdir(swarm.resolve("locks"))).hasMessageContaining("symbolic link");
    }

    @Test
    void refusesAFileWhereTheDirectoryShouldBe() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> SwarmDir.ensure(file)).hasMessageContaining("not a directory");
    }
}
