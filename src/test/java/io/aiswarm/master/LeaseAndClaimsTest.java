package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.file.FileMasterLease;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master lease survives no removal or replacement of its file unnoticed; worker claims keep panes apart. */
class LeaseAndClaimsTest {
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");

    @Test
    void aLeaseWhoseFileIsRemovedOrReplacedIsLostAndTheNextHolderHasALargerEpoch() throws Exception {
        Path file = dir.resolve("master.lock");
        try (FileMasterLease first = FileMasterLease.tryAcquire(file).orElseThrow()) {
            assertThat(first.stillHeld()).isTrue();
            Files.delete(file);
            assertThat(first.stillHeld()).as("file removed").isFalse();
            try (FileMasterLease second = FileMasterLease.tryAcquire(file).orElseThrow()) {
                assertThat(second.stillHeld()).isTrue();
                assertThat(first.stillHeld()).as("name now leads to the second file").isFalse();
                assertThat(second.epoch()).isGreaterThan(0);
            }
        }
        long before;
        try (FileMasterLease a = FileMasterLease.tryAcquire(file).orElseThrow()) {
            before = a.epoch();
            Files.move(file, dir.resolve("aside"));
            Files.writeString(file, "pid 1\nepoch 5\ntoken someone-else\n");
            assertThat(a.stillHeld()).as("file replaced").isFalse();
        }
        try (FileMasterLease b = FileMasterLease.tryAcquire(file).orElseThrow()) {
            assertThat(b.epoch()).isGreaterThanOrEqualTo(5);
            assertThat(before).isPositive();
        }
    }

    @Test
    void aWorkerClaimedForARunningTaskIsNotGivenAnotherUntilItEnds() {
        FileSwarmStore state = FileSwarmStore.open(SwarmConfig.from("t", Map.of("AI_SWARM_DIR", dir.toString())), clock);
        PaneClaims claims = new PaneClaims(state.workerClaims(), state.queue(), clock, () -> 7);
        TaskInfo a = state.queue().add(NewTask.command("true"));
        TaskInfo b = state.queue().add(NewTask.command("true"));
        assertThat(claims.claim("worker-0", a)).isTrue();
        state.queue().update(a.taskId(), t -> t.assignedTo("worker-0", clock.instant()));
        assertThat(claims.heldByOther("worker-0", b.taskId())).isTrue();
        assertThat(claims.claim("worker-0", b)).as("a's claim stands while a runs on worker-0").isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(claims.claim("worker-0", b)).as("however old").isFalse();
        state.queue().update(a.taskId(), t -> t.finished(TaskStatus.DONE, 0, null, null, clock.instant()));
        assertThat(claims.claim("worker-0", b)).as("a ended").isTrue();
        // a dispatch that stopped half-way (claim taken, task still pending) holds the worker for the grace only
        TaskInfo c = state.queue().add(NewTask.command("true"));
        assertThat(claims.claim("worker-1", c)).isTrue();
        assertThat(claims.claim("worker-1", b)).isFalse();
        clock.advance(PaneClaims.GRACE.plusSeconds(1));
        assertThat(claims.claim("worker-1", b)).isTrue();
        claims.release("worker-1", b.taskId());
        assertThat(claims.heldByOther("worker-1", c.taskId())).isFalse();
    }
}
