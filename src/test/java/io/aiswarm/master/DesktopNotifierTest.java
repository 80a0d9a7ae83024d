package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The desktop notification through a fake notify-send first on PATH that records its arguments, one per line. */
@Timeout(60)
class DesktopNotifierTest {
    @TempDir
    Path dir;
    final List<String> log = new CopyOnWriteArrayList<>();

    private Path fake(String extra) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve(DesktopNotifier.PROGRAM);
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> " + dir.resolve("args.txt")
                + "\necho --- >> " + dir.resolve("args.txt") + "\n" + extra);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void sendsTheWorkerTaskWhyAndTheAnswerCommand() throws Exception {
        Path bin = fake("");
        DesktopNotifier notifier = DesktopNotifier.from(Map.of("PATH", bin + ":/usr/bin:/bin", "DISPLAY", ":0"), log::add);
        assertThat(notifier).isNotNull();
        assertThat(notifier.notifyHelp("worker-2", "task-000007", "agent asks permission to run: rm -rf build")
                .get(20, TimeUnit.SECONDS)).isZero();
        assertThat(Files.readAllLines(dir.resolve("args.txt"))).containsExactly("--app-name=AI Swarm",
                "--urgency=critical", "--", "AI Swarm: worker-2 needs help (task-000007)",
                "agent asks permission to run: rm -rf build (answer with: swarm answer worker-2 yes|no|cancel)", "---");
        assertThat(log).isEmpty();
    }

    @Test
    void aHungNotifySendIsKilledAfterItsTimeLimitWithoutHoldingTheCaller() throws Exception {
        Path bin = fake("exec sleep 60\n");
        DesktopNotifier notifier = new DesktopNotifier(bin.resolve(DesktopNotifier.PROGRAM), Duration.ofMillis(300),
                log::add);
        long start = System.nanoTime();
        CompletableFuture<Integer> sent = notifier.notifyHelp("worker-0", null, "waiting");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(sent.get(20, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(log).singleElement().asString().contains("did not end within").contains("killed");
    }

    @Test
    void onlyWhereADesktopIsPresentAndNotTurnedOff() throws Exception {
        Path bin = fake("");
        String path = bin + ":/usr/bin:/bin";
        assertThat(DesktopNotifier.from(Map.of("PATH", path), log::add)).as("no desktop session").isNull();
        assertThat(DesktopNotifier.from(Map.of("PATH", path, "WAYLAND_DISPLAY", "wayland-0"), log::add)).isNotNull();
        assertThat(DesktopNotifier.from(Map.of("PATH", path, "DISPLAY", ":0", DesktopNotifier.ENV_NOTIFY_DESKTOP, "0"),
                log::add)).as("turned off").isNull();
        assertThat(DesktopNotifier.from(Map.of("PATH", dir.resolve("nothing").toString(), "DISPLAY", ":0"), log::add))
                .as("notify-send not installed").isNull();
    }
}
