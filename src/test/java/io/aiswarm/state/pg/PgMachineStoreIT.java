package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.file.FileMasterLeases;
import io.aiswarm.state.file.FileWorkerClaims;
import io.aiswarm.state.file.FileWorkerInbox;
import io.aiswarm.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two machines' masters on one store, as {@link PgMachineStore}s: each sees only its own claims as active, claims
 * without overlap, ingests its own inbox, and a master whose lease expired has its late writes refused (counted and
 * said), then takes a new epoch and no longer owns what the leader gave to another machine.
 */
class PgMachineStoreIT extends StoreOnSharedServer {
    @TempDir
    Path tmp;
    // the database's time, so that the stores (which align with it) and the test's leader agree
    final MutableClock clock = MutableClock.at(Instant.now().toString());
    final List<AutoCloseable> open = new ArrayList<>();
    final List<String> saidByA = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private PgMachineStore machine(String host, String leaseTtl, List<String> said) {
        Map<String, String> env = new HashMap<>(store.env(host));
        env.put(SwarmConfig.ENV_DIR, tmp.resolve(host).toString());
        env.put(SwarmConfig.ENV_LOCK_TTL, "60");
        env.put(PgMachineStore.ENV_LEASE_TTL, leaseTtl);
        SwarmConfig config = SwarmConfig.from("default", env);
        PgMachineStore s = PgMachineStore.open(config, clock, said::add, FileWorkerInbox.of(config.paths()),
                new FileMasterLeases(config.paths().masterLock()), new FileWorkerClaims(config.paths().claimsDir()));
        open.add(s);
        return s;
    }

    private MasterLeases.HeldLease lead(PgMachineStore s) {
        MasterLeases.HeldLease held = s.masterLease().tryAcquire().orElseThrow();
        open.add(held);
        return held;
    }

    @Test
    void eachMachineClaimsForItsWorkersAndSeesOnlyItsOwnClaimsAsActive() throws Exception {
        PgMachineStore a = machine("host-a", "30", saidByA);
        PgMachineStore b = machine("host-b", "30", new ArrayList<>());
        lead(a);
        lead(b);
        assertThat(a.masterLease().tryAcquire()).as("one master per machine").isEmpty();
        for (int i = 0; i < 5; i++) a.queue().add(new NewTask("t" + i, "true", null, null));
        a.queue().add(new NewTask("p", null, "a prompt", null));
        List<TaskInfo> onA = a.queue().claim(List.of("worker-0", "worker-1"), (t, w) -> t.command() != null);
        List<TaskInfo> onB = b.queue().claim(List.of("worker-0"), (t, w) -> true);
        assertThat(onA).extracting(TaskInfo::taskId).containsExactly("t0", "t1");
        assertThat(onB).extracting(TaskInfo::taskId).containsExactly("t2");
        assertThat(a.queue().claim(List.of("worker-0", "worker-2"), (t, w) -> t.command() != null))
                .as("worker-0 holds a claim already").extracting(TaskInfo::taskId).containsExactly("t3");
        assertThat(a.queue().active()).extracting(TaskInfo::taskId).containsExactly("t0", "t1", "t3");
        assertThat(b.queue().active()).extracting(TaskInfo::taskId).containsExactly("t2");
        assertThat(a.locks().list()).extracting(l -> l.workerId()).containsExactly("worker-0", "worker-1", "worker-2");
        assertThat(b.locks().isLocked("t2")).isTrue();
        assertThat(a.locks().isLocked("t2")).as("another machine's claim is not this machine's lock").isFalse();

        // the workers' lines come through the machine's inbox, as their own machine's events
        Files.writeString(a.localFiles().orElseThrow().statusLog(), "{\"ts\":\"2026-01-31T12:00:01Z\",\"worker_id\":"
                + "\"worker-0\",\"task_id\":\"t0\",\"state\":\"DONE\",\"message\":\"exit 0\"}\n");
        try (StatusFollower fa = a.statusLog().follow(); StatusFollower fb = b.statusLog().follow()) {
            assertThat(fa.poll()).extracting(StatusEvent::taskId).containsExactly("t0");
            assertThat(fb.poll()).isEmpty();
        }
        Instant now = clock.instant();
        List<TaskInfo> finished = a.queue().updateAll(t -> t.finished(TaskStatus.DONE, 0, null, null, now)).stream()
                .map(c -> c.after()).toList();
        assertThat(finished).extracting(TaskInfo::taskId).as("only this machine's claims").containsExactly("t0", "t1",
                "t3");
        assertThat(b.queue().get("t2").orElseThrow().status()).isEqualTo(TaskStatus.ASSIGNED);
        assertThat(a.queue().refusedWrites()).isZero();
    }

    @Test
    void aMasterPastItsLeaseIsRefusedThenTakesANewEpochWithoutWhatTheLeaderGaveAway() throws Exception {
        PgMachineStore a = machine("host-a", "10", saidByA);
        PgMachineStore b = machine("host-b", "1000", new ArrayList<>());
        MasterLeases.HeldLease heldA = lead(a);
        lead(b);
        long epoch = heldA.epoch();
        a.queue().add(new NewTask("kept", "true", null, null));
        a.queue().add(new NewTask("lost", "true", null, null));
        a.queue().claim(List.of("worker-0", "worker-1"), (t, w) -> true);

        clock.advance(Duration.ofSeconds(11)); // frozen past its lease
        assertThatThrownBy(() -> a.queue().change("kept", t -> t.running(clock.instant())))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("no longer held");
        assertThat(a.queue().refusedWrites()).isEqualTo(1);
        assertThat(saidByA).anyMatch(s -> s.startsWith("refused a late write"));

        clock.advance(Duration.ofSeconds(50)); // its claims expired too: the leader gives "lost" away
        PgSession leaderSession = store.session("host-b", clock);
        java.time.Clock dbTime = b.clock(); // the stores' clock: the test's, aligned with the database's at open
        Lease leader = new PgLeases(leaderSession, dbTime).tryAcquire(Lease.Key.leader(), Duration.ofSeconds(30))
                .orElseThrow();
        List<TaskInfo> recovered = new PgRecovery(leaderSession, dbTime, 3).recoverLostMachines(leader);
        assertThat(recovered).extracting(TaskInfo::taskId).containsExactly("kept", "lost");
        assertThat(b.queue().claim(List.of("worker-5"), (t, w) -> t.taskId().equals("lost")))
                .extracting(TaskInfo::taskId).containsExactly("lost");

        heldA.confirm(); // takes the lease again, a new epoch
        assertThat(heldA.epoch()).isGreaterThan(epoch);
        assertThat(saidByA).anyMatch(s -> s.contains("took it again as epoch"));
        assertThat(a.queue().active()).as("nothing of the old claims is this machine's now").isEmpty();
        Instant now = clock.instant();
        assertThat(a.queue().change("lost", t -> t.finished(TaskStatus.DONE, 0, null, null, now)))
                .as("a late DONE for the task another machine runs now").isEmpty();
        assertThat(a.queue().refusedWrites()).isEqualTo(2);
        assertThat(b.queue().get("lost").orElseThrow().status()).isEqualTo(TaskStatus.ASSIGNED);
        assertThat(a.queue().updateAll(t -> t.finished(TaskStatus.DONE, 0, null, null, now))).isEmpty();
        assertThat(b.queue().active()).extracting(TaskInfo::taskId).containsExactly("lost");
    }
}
