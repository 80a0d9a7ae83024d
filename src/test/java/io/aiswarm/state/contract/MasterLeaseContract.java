package io.aiswarm.state.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.MasterLeases.HeldLease;
import io.aiswarm.state.SwarmStateException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MasterLeases} does: one holder at a time, named for status; released on close; a standby takes it
 * over then. {@link #leases()} and {@link #rival()} are two contenders for the same lease (two masters).
 */
public interface MasterLeaseContract {
    MasterLeases leases();

    MasterLeases rival();

    @Test
    default void oneHolderAtATimeNamedForStatus() {
        assertThat(leases().holder()).isEmpty();
        try (HeldLease held = leases().tryAcquire().orElseThrow()) {
            held.confirm();
            assertThat(rival().tryAcquire()).isEmpty();
            assertThat(leases().tryAcquire()).as("not twice either").isEmpty();
            assertThat(rival().holder()).hasValueSatisfying(h -> assertThat(h).isNotBlank());
        }
        assertThat(rival().holder()).isEmpty();
        try (HeldLease next = rival().tryAcquire().orElseThrow()) {
            next.confirm();
            assertThat(leases().tryAcquire()).isEmpty();
        }
    }

    @Test
    default void aStandbyWaitsAndTakesOverWhenTheHolderCloses() throws Exception {
        HeldLease first = leases().tryAcquire().orElseThrow();
        CountDownLatch refusedOnce = new CountDownLatch(2); // the stop check before the first try, then after it
        Thread closer = new Thread(() -> {
            try {
                refusedOnce.await(); // the standby tried and was refused: now the holder goes
            } catch (InterruptedException e) {
                return;
            }
            first.close();
        });
        closer.start();
        Optional<HeldLease> second = rival().await(Duration.ofMillis(50), () -> {
            refusedOnce.countDown();
            return false;
        });
        closer.join();
        assertThat(second).isPresent();
        second.get().confirm();
        second.get().close();
        AtomicBoolean stop = new AtomicBoolean(true);
        assertThat(rival().await(Duration.ofMillis(10), stop::get)).as("a standby told to stop").isEmpty();
    }

    @Test
    default void aLeaseGivenUpCannotBeConfirmed() {
        HeldLease held = leases().tryAcquire().orElseThrow();
        held.close();
        try (HeldLease other = rival().tryAcquire().orElseThrow()) {
            assertThatThrownBy(held::confirm).isInstanceOf(SwarmStateException.class);
            other.confirm();
        }
    }
}
