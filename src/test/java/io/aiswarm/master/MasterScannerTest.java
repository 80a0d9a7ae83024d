package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterScannerTest {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    FileSwarmStore state;
    MasterScanner scanner;

    @BeforeEach
    void setUp() {
        state = FileSwarmStore.open(SwarmConfig.from("test", Map.of("AI_SWARM_DIR", dir.toString())), clock);
        scanner = MasterScanner.createScanner(state.statusLog(), state.locks(), List.of("worker-0", "worker-1"),
                clock, Duration.ofSeconds(1));
    }

    @Test
    void onlyKnownWorkersAppear() {
        state.broadcaster().broadcastStart("master", "", "master started");
        state.broadcaster().broadcastDone("swarm-cli", "t9", "tool line");
        state.broadcaster().broadcastStart("worker-1", "t1", "working");
        Map<String, WorkerStatus> all = scanner.scanAll();
        assertThat(all).containsOnlyKeys("worker-0", "worker-1");
        assertThat(all.get("worker-1").state()).isEqualTo(BroadcastState.START);
        assertThat(all.get("worker-1").taskId()).isEqualTo("t1");
        assertThat(all.get("worker-1").message()).isEqualTo("working");
        assertThat(all.get("worker-0").state()).isNull();
    }

    @Test
    void readsTheLogIncrementally() {
        state.broadcaster().broadcastStart("worker-0", "t1", "");
        assertThat(scanner.scan(false).events()).hasSize(1);
        state.broadcaster().broadcastDone("worker-0", "t1", "");
        MasterScanner.Scan second = scanner.scan(false);
        assertThat(second.events()).extracting(e -> e.state()).containsExactly(BroadcastState.DONE);
        assertThat(second.workers().get("worker-0").state()).isEqualTo(BroadcastState.DONE);
        assertThat(scanner.scan(false).events()).isEmpty();
    }

    @Test
    void seesLiveLocksUntilTheyExpire() {
        state.broadcaster().broadcastDone("worker-0", "t1", "");
        state.locks().acquire("t1", "worker-0");
        WorkerStatus held = scanner.scanAll().get("worker-0");
        assertThat(held.holdsLiveLock()).isTrue();
        assertThat(MasterDispatcher.isWorkerIdle(held)).isFalse();
        clock.advance(Duration.ofSeconds(state.locks().ttlSeconds() + 1));
        WorkerStatus expired = scanner.scanAll().get("worker-0");
        assertThat(expired.holdsLiveLock()).isFalse();
        assertThat(MasterDispatcher.isWorkerIdle(expired)).isTrue();
    }

    @Test
    void aStatusScannerSeesWhatTheFollowingScannerSeesButReportsNoEvents() {
        state.broadcaster().broadcastStart("worker-0", "t1", "working");
        state.broadcaster().broadcastHelp("worker-1", "t2", "asks for sudo", null);
        state.broadcaster().broadcastDone("worker-0", "t1", "exit 0");
        state.locks().acquire("t2", "worker-1");
        try (MasterScanner status = MasterScanner.createStatusScanner(SwarmConfig.from("test", Map.of("AI_SWARM_DIR", dir.toString())), state.statusLog(), state.locks(),
                List.of("worker-0", "worker-1"), clock)) {
            MasterScanner.Scan scan = status.scan(false);
            assertThat(scan.events()).isEmpty();
            assertThat(scan.workers()).isEqualTo(scanner.scanAll());
            assertThat(scan.workers().get("worker-1").state()).isEqualTo(BroadcastState.HELP);
            state.broadcaster().broadcastStart("worker-1", "t2", "answered");
            assertThat(status.scanAll().get("worker-1").message()).isEqualTo("answered"); // each scan reads anew
        }
    }

    @Test
    void sortsWorkersNaturally() {
        MasterScanner many = MasterScanner.createScanner(state.statusLog(), state.locks(),
                List.of("worker-10", "worker-2", "worker-1"), clock, Duration.ofSeconds(1));
        assertThat(many.scanAll().keySet()).containsExactly("worker-1", "worker-2", "worker-10");
    }
}
