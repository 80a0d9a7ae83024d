package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Claims, their fencing tokens, heartbeats and the leader's recovery of lost machines, on two "machines". */
class PgTaskClaimsIT extends StoreOnSharedServer {
    static final Duration LEASE_TTL = Duration.ofSeconds(30);
    static final Duration CLAIM_TTL = Duration.ofSeconds(60);
    MutableClock clock = MutableClock.at("2026-01-31T12:00:00Z");
    PgTaskQueue queue;
    Machine a;
    Machine b;

    /** What one machine's master holds: its session, lease, claims. */
    record Machine(PgSession session, PgLeases leases, PgTaskClaims claims, Lease lease) {
    }

    @BeforeEach
    void setUp() {
        queue = new PgTaskQueue(store.session("cli", clock), clock);
        a = machine("host-a");
        b = machine("host-b");
    }

    private Machine machine(String host) {
        PgSession s = store.session(host, clock);
        PgLeases leases = new PgLeases(s, clock);
        Lease lease = leases.tryAcquire(Lease.Key.host(host), LEASE_TTL).orElseThrow();
        return new Machine(s, leases, new PgTaskClaims(s, clock, CLAIM_TTL), lease);
    }

    @Test
    void claimsGoInPriorityThenArrivalOrderToTheIdleWorkersListed() {
        queue.add(new NewTask("low", "x", null, 9));
        queue.add(new NewTask("first", "x", null, 5));
        queue.add(new NewTask("urgent", "x", null, 1));
        queue.add(new NewTask("second", "x", null, 5));
        List<TaskClaim> claims = a.claims().claim(a.lease(), List.of("worker-1", "worker-0"));
        assertThat(claims).extracting(TaskClaim::taskId).containsExactly("urgent", "first");
        assertThat(claims).extracting(TaskClaim::workerId).containsExactly("worker-1", "worker-0");
        TaskClaim urgent = claims.get(0);
        assertThat(urgent.task().status()).isEqualTo(TaskStatus.ASSIGNED);
        assertThat(urgent.task().attempts()).isEqualTo(1);
        assertThat(urgent.host()).isEqualTo("host-a");
        assertThat(urgent.leaseExpiresAt()).isEqualTo(clock.instant().plus(CLAIM_TTL));
        assertThat(claims.get(1).fence()).isGreaterThan(urgent.fence());
        assertThat(queue.get("urgent")).contains(urgent.task());
        List<TaskClaim> onB = b.claims().claim(b.lease(), List.of("worker-0", "worker-1", "worker-2"));
        assertThat(onB).extracting(TaskClaim::taskId).containsExactly("second", "low");
    }

    @Test
    void aWorkerHoldingAClaimGetsNoSecondTask() {
        queue.addAll(List.of(NewTask.command("a"), NewTask.command("b")));
        assertThat(a.claims().claim(a.lease(), List.of("worker-0"))).hasSize(1);
        assertThat(a.claims().claim(a.lease(), List.of("worker-0"))).isEmpty();
        assertThat(b.claims().claim(b.lease(), List.of("worker-0"))).hasSize(1); // another machine's worker-0
    }

    @Test
    void withoutItsMasterLeaseAMachineClaimsNothing() {
        queue.add(NewTask.command("a"));
        clock.advance(LEASE_TTL);
        assertThatThrownBy(() -> a.claims().claim(a.lease(), List.of("worker-0")))
                .isInstanceOf(LeaseLostException.class);
        assertThat(queue.get("task-000001").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
        assertThatThrownBy(() -> a.claims().claim(b.lease(), List.of("worker-0")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHolderStartsAndFinishesItsTaskPresentingItsToken() {
        queue.add(NewTask.command("make test"));
        TaskClaim c = a.claims().claim(a.lease(), List.of("worker-0")).get(0);
        clock.advance(Duration.ofSeconds(1));
        TaskInfo running = a.claims().start(c.taskId(), c.fence());
        assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(a.claims().start(c.taskId(), c.fence())).isEqualTo(running); // a repeated START changes nothing
        clock.advance(Duration.ofSeconds(1));
        TaskInfo done = a.claims().finish(c.taskId(), c.fence(), TaskStatus.DONE, 0, "results/x.log", null);
        assertThat(done.status()).isEqualTo(TaskStatus.DONE);
        assertThat(done.exitCode()).isZero();
        assertThat(queue.get(c.taskId())).contains(done);
        assertThat(a.claims().claimsOf("host-a")).isEmpty();
        assertThatThrownBy(() -> a.claims().finish(c.taskId(), c.fence(), TaskStatus.FAILED, 1, null, "late"))
                .isInstanceOf(StaleClaimException.class)
                .hasMessageContaining("it is not claimed (status done)");
    }

    @Test
    void aPausedMasterThatLostItsTaskCannotOverwriteTheNewOwnersResult() {
        queue.add(NewTask.command("make test"));
        TaskClaim old = a.claims().claim(a.lease(), List.of("worker-0")).get(0);
        a.claims().start(old.taskId(), old.fence());
        // host-a freezes: its lease and claim expire; the leader recovers the task; host-b claims and runs it
        clock.advance(CLAIM_TTL);
        b = machine("host-b"); // host-b's master renews by heartbeat; here it simply takes its lease again
        Lease leader = b.leases().tryAcquire(Lease.Key.leader(), LEASE_TTL).orElseThrow();
        PgRecovery recovery = new PgRecovery(b.session(), clock, 3);
        assertThat(recovery.recoverLostMachines(leader)).extracting(TaskInfo::status)
                .containsExactly(TaskStatus.PENDING);
        TaskClaim fresh = b.claims().claim(b.lease(), List.of("worker-3")).get(0);
        assertThat(fresh.fence()).isGreaterThan(old.fence());
        assertThat(fresh.task().attempts()).isEqualTo(2);
        b.claims().start(fresh.taskId(), fresh.fence());
        // host-a wakes up and reports what its worker did: every write is refused and changes nothing
        for (Runnable late : List.<Runnable>of(
                () -> a.claims().finish(old.taskId(), old.fence(), TaskStatus.FAILED, 137, null, "killed"),
                () -> a.claims().requeue(old.taskId(), old.fence(), "pane gone"),
                () -> a.claims().start(old.taskId(), old.fence()))) {
            assertThatThrownBy(late::run).isInstanceOf(StaleClaimException.class)
                    .hasMessageContaining("claim " + old.fence() + " is no longer current")
                    .hasMessageContaining("of worker-3 on host host-b");
        }
        assertThatThrownBy(() -> a.claims().heartbeat(a.lease(), LEASE_TTL)).isInstanceOf(LeaseLostException.class);
        TaskInfo done = b.claims().finish(fresh.taskId(), fresh.fence(), TaskStatus.DONE, 0, null, null);
        assertThat(queue.get(fresh.taskId())).contains(done);
    }

    @Test
    void theHeartbeatKeepsTheMachinesClaimsAliveSoTheLeaderLeavesThemAlone() {
        queue.addAll(List.of(NewTask.command("a"), NewTask.command("b")));
        List<TaskClaim> mine = a.claims().claim(a.lease(), List.of("worker-0", "worker-1"));
        Lease leader = b.leases().tryAcquire(Lease.Key.leader(), Duration.ofHours(1)).orElseThrow();
        PgRecovery recovery = new PgRecovery(b.session(), clock, 3);
        Lease lease = a.lease();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(25));
            lease = a.claims().heartbeat(lease, LEASE_TTL);
            assertThat(recovery.recoverLostMachines(leader)).isEmpty();
        }
        assertThat(lease.epoch()).isEqualTo(a.lease().epoch());
        assertThat(a.claims().claimsOf("host-a")).extracting(TaskClaim::fence)
                .containsExactlyElementsOf(mine.stream().map(TaskClaim::fence).toList());
        assertThat(a.claims().claimsOf("host-a")).allSatisfy(c ->
                assertThat(c.leaseExpiresAt()).isEqualTo(clock.instant().plus(CLAIM_TTL)));
    }

    @Test
    void theLeaderRequeuesALostMachinesTasksCountingAttemptsAndFailsThemAtTheLimit() {
        queue.add(new NewTask("flaky", "x", null, null));
        PgRecovery recovery = new PgRecovery(b.session(), clock, 2);
        Lease leader = b.leases().tryAcquire(Lease.Key.leader(), Duration.ofHours(1)).orElseThrow();
        Lease bLease = b.lease();
        for (int attempt = 1; attempt <= 2; attempt++) {
            Machine lost = machine("lost-" + attempt);
            TaskClaim c = lost.claims().claim(lost.lease(), List.of("worker-0")).get(0);
            assertThat(c.task().attempts()).isEqualTo(attempt);
            clock.advance(CLAIM_TTL.minusSeconds(1));
            assertThat(recovery.recoverLostMachines(leader)).as("claim not yet expired").isEmpty();
            clock.advance(Duration.ofSeconds(1));
            List<TaskInfo> recovered = recovery.recoverLostMachines(leader);
            assertThat(recovered).hasSize(1);
            TaskInfo t = recovered.get(0);
            if (attempt == 1) {
                assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
                assertThat(t.error()).isEqualTo("host lost-1 lost its master lease while worker-0 had the task");
            } else {
                assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
                assertThat(t.error()).startsWith("gave up after 2 attempts: host lost-2 lost its master lease");
            }
            assertThat(queue.get("flaky")).contains(t);
        }
        List<StatusEvent> skips = new PgStatusLog(store.session("lost-2", clock)).follow().poll();
        assertThat(skips).extracting(StatusEvent::state).containsExactly(BroadcastState.SKIP);
        assertThat(skips.get(0).message()).startsWith("failed: host lost-2");
        assertThat(bLease.holder()).isEqualTo("host-b");
    }

    @Test
    void onlyTheCurrentLeaderRecovers() {
        Lease leader = a.leases().tryAcquire(Lease.Key.leader(), LEASE_TTL).orElseThrow();
        clock.advance(LEASE_TTL);
        b.leases().tryAcquire(Lease.Key.leader(), LEASE_TTL).orElseThrow();
        assertThatThrownBy(() -> new PgRecovery(a.session(), clock, 3).recoverLostMachines(leader))
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("the cluster leader lease");
    }

    @Test
    void theHolderMayRequeueItsOwnTaskWhichAnyMachineThenClaims() {
        queue.add(NewTask.command("a"));
        TaskClaim c = a.claims().claim(a.lease(), List.of("worker-0")).get(0);
        TaskInfo back = a.claims().requeue(c.taskId(), c.fence(), "pane of worker-0 is gone");
        assertThat(back.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(back.attempts()).isEqualTo(1);
        assertThat(b.claims().claim(b.lease(), List.of("worker-0"))).extracting(TaskClaim::taskId)
                .containsExactly(c.taskId());
    }
}
