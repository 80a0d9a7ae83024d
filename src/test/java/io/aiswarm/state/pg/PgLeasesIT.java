package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgLeasesIT extends StoreOnSharedServer {
    static final Duration TTL = Duration.ofSeconds(30);
    MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    PgLeases onA;
    PgLeases onB;

    @BeforeEach
    void setUp() {
        onA = new PgLeases(store.session("host-a", clock), clock);
        onB = new PgLeases(store.session("host-b", clock), clock);
    }

    @Test
    void oneLeaderAtATimeAndTheEpochGrowsWithEveryNewHolder() {
        Lease a = onA.tryAcquire(Lease.Key.leader(), TTL).orElseThrow();
        assertThat(a.epoch()).isEqualTo(1);
        assertThat(a.holder()).isEqualTo("host-a");
        assertThat(onB.tryAcquire(Lease.Key.leader(), TTL)).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        a = onA.renew(a, TTL);
        clock.advance(Duration.ofSeconds(29));
        assertThat(onB.tryAcquire(Lease.Key.leader(), TTL)).isEmpty(); // renewed: 1 s left
        clock.advance(Duration.ofSeconds(1));
        Lease b = onB.tryAcquire(Lease.Key.leader(), TTL).orElseThrow();
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(onA.read(Lease.Key.leader())).contains(b);
    }

    @Test
    void aHolderThatLetItsLeaseExpireHasLostItEvenIfNobodyTookIt() {
        Lease a = onA.tryAcquire(Lease.Key.host("host-a"), TTL).orElseThrow();
        clock.advance(TTL);
        Lease expired = a;
        assertThatThrownBy(() -> onA.renew(expired, TTL))
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("the master lease of host host-a (epoch 1");
        Lease again = onA.tryAcquire(Lease.Key.host("host-a"), TTL).orElseThrow();
        assertThat(again.epoch()).isEqualTo(2);
    }

    @Test
    void aReleasedLeaseIsFreeAtOnceAndItsEpochIsNeverReused() {
        Lease a = onA.tryAcquire(Lease.Key.host("host-a"), TTL).orElseThrow();
        onA.release(a);
        Optional<Lease> next = onB.tryAcquire(Lease.Key.host("host-a"), TTL);
        assertThat(next).isPresent();
        assertThat(next.get().epoch()).isEqualTo(2);
        onA.release(a); // no longer ours: changes nothing
        assertThat(onA.read(Lease.Key.host("host-a"))).contains(next.get());
        assertThat(onA.list()).containsExactly(next.get());
    }

    @Test
    void machinesHoldTheirOwnLeasesSideBySide() {
        assertThat(onA.tryAcquire(Lease.Key.host("host-a"), TTL)).isPresent();
        assertThat(onB.tryAcquire(Lease.Key.host("host-b"), TTL)).isPresent();
        assertThat(onA.list()).extracting(l -> l.key().name()).containsExactly("host-a", "host-b");
    }

    @Test
    void theDatabaseClockCorrectsAMachineWhoseClockIsOff() {
        java.time.Clock skewed = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(1));
        PgSession session = store.session("host-a", skewed);
        Duration offset = DatabaseClock.offset(session, skewed);
        // this server runs on this machine: its clock is the real one, an hour behind the skewed clock
        assertThat(offset.plusHours(1).abs()).isLessThan(Duration.ofSeconds(2));
        java.time.Instant aligned = DatabaseClock.aligned(session, skewed).instant();
        assertThat(Duration.between(java.time.Instant.now(), aligned).abs()).isLessThan(Duration.ofSeconds(2));
    }
}
