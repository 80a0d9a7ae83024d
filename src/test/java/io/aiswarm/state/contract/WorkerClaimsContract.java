package io.aiswarm.state.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.state.WorkerClaims;
import io.aiswarm.state.WorkerClaims.Claim;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkerClaims} does. A store's test class implements it: {@link #claims()} holds no claim at the
 * start of each test and {@link #contender()} is another user of the same claims (another master of the machine).
 */
public interface WorkerClaimsContract {
    Instant T0 = Instant.parse("2026-01-31T12:00:00Z");
    Predicate<Claim> NEVER_STALE = c -> false;

    WorkerClaims claims();

    WorkerClaims contender();

    @Test
    default void aFreeWorkerIsClaimedWithWhatTheCallerGave() {
        assertThat(claims().read("worker-0")).isEmpty();
        assertThat(claims().claim("worker-0", "t1", 2, 7, T0, NEVER_STALE)).isTrue();
        Claim c = contender().read("worker-0").orElseThrow();
        assertThat(c).extracting(Claim::workerId, Claim::taskId, Claim::attempt, Claim::epoch, Claim::at)
                .containsExactly("worker-0", "t1", 2, 7L, T0);
        assertThat(c.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(claims().read("worker-1")).as("per worker").isEmpty();
    }

    @Test
    default void anotherTaskIsRefusedWhileTheClaimStandsAndTheClaimIsKept() {
        assertThat(claims().claim("worker-0", "t1", 1, 7, T0, NEVER_STALE)).isTrue();
        List<Claim> asked = new ArrayList<>();
        assertThat(contender().claim("worker-0", "t2", 1, 8, T0.plusSeconds(5), c -> asked.add(c) && false)).isFalse();
        assertThat(asked).extracting(Claim::taskId).containsExactly("t1");
        assertThat(claims().read("worker-0")).hasValueSatisfying(c -> assertThat(c.taskId()).isEqualTo("t1"));
    }

    @Test
    default void theSameTaskClaimsAgainWithoutAskingWhetherItsClaimIsStale() {
        assertThat(claims().claim("worker-0", "t1", 1, 7, T0, NEVER_STALE)).isTrue();
        assertThat(contender().claim("worker-0", "t1", 2, 8, T0.plusSeconds(9), c -> {
            throw new AssertionError("asked about its own claim");
        })).isTrue();
        assertThat(claims().read("worker-0")).hasValueSatisfying(c -> {
            assertThat(c.attempt()).isEqualTo(2);
            assertThat(c.epoch()).isEqualTo(8);
            assertThat(c.at()).isEqualTo(T0.plusSeconds(9));
        });
    }

    @Test
    default void aStaleClaimIsReplaced() {
        assertThat(claims().claim("worker-0", "t1", 1, 7, T0, NEVER_STALE)).isTrue();
        assertThat(contender().claim("worker-0", "t2", 1, 8, T0.plusSeconds(60), c -> c.taskId().equals("t1")))
                .isTrue();
        assertThat(claims().read("worker-0")).hasValueSatisfying(c -> assertThat(c.taskId()).isEqualTo("t2"));
    }

    @Test
    default void releaseFreesTheWorkerOnlyForItsOwnTask() {
        assertThat(claims().claim("worker-0", "t1", 1, 7, T0, NEVER_STALE)).isTrue();
        contender().release("worker-0", "t2");
        assertThat(claims().read("worker-0")).as("another task's release").isPresent();
        contender().release("worker-0", "t1");
        assertThat(claims().read("worker-0")).isEmpty();
        claims().release("worker-0", "t1"); // nothing to release: no error
        claims().release("worker-5", "t1");
        assertThat(claims().claim("worker-0", "t2", 1, 7, T0, NEVER_STALE)).isTrue();
    }
}
