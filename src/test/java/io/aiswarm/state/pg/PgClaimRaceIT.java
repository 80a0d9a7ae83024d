package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.JavaProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three "machines" (JVMs with distinct AI_SWARM_HOST) race for one queue on one private server; one of them is frozen
 * with SIGSTOP past its lease while it holds started tasks, the leader (this JVM) recovers them, the others finish
 * them, and the frozen one is resumed: every write it then makes about those tasks is refused.
 */
class PgClaimRaceIT extends StoreOnSharedServer {

    @TempDir
    Path tmp;

    /** A racer and what it printed. */
    record Racer(String host, Process process, List<String> lines) {
        long count(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).count();
        }
    }

    @Test
    void noTaskIsClaimedTwiceAtOnceAndAFrozenMastersLateWritesAreRefused() throws Exception {
        int tasks = 300;
        Clock clock = Clock.systemUTC();
        PgSession leaderSession = store.session("leader", clock);
        PgTaskQueue queue = new PgTaskQueue(leaderSession, clock);
        List<NewTask> adds = new ArrayList<>();
        for (int i = 0; i < tasks; i++) adds.add(new NewTask(null, "echo " + i, null, 1 + i % 9));
        queue.addAll(adds);

        Path go = tmp.resolve("go");
        List<Racer> racers = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            String host = "machine-" + m;
            // machine-0 runs each task for 1.5 s, so that it holds started tasks when it is frozen
            ProcessBuilder pb = JavaProcess.builder(ClaimRacerMain.class,
                    List.of(go.toString(), "3", m == 0 ? "1500" : "0"));
            pb.environment().putAll(store.env(host));
            pb.redirectError(tmp.resolve(host + ".err").toFile());
            Process p = pb.start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = out.readLine()) != null; ) lines.add(l);
                } catch (Exception ignored) {
                    // ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            racers.add(new Racer(host, p, lines));
        }
        Files.createFile(go);
        Racer frozen = racers.get(0);
        await().atMost(Duration.ofMinutes(3)).until(() -> frozen.count("started ") > 0);
        signal("STOP", frozen.process());
        List<String> startedWhenFrozen = frozen.lines().stream().filter(l -> l.startsWith("started ")).toList();
        long doneWhenFrozen = frozen.count("done ");

        // this JVM is the cluster leader: it recovers what the frozen machine holds once its leases expired
        PgLeases leases = new PgLeases(leaderSession, clock);
        Lease[] leader = {leases.tryAcquire(Lease.Key.leader(), Duration.ofMinutes(10)).orElseThrow()};
        PgRecovery recovery = new PgRecovery(leaderSession, clock, 5);
        List<TaskInfo> recovered = new ArrayList<>();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            recovered.addAll(recovery.recoverLostMachines(leader[0]));
            return queue.countByStatus().get(TaskStatus.DONE) == tasks;
        });
        signal("CONT", frozen.process());
        for (Racer r : racers) {
            assertThat(r.process().waitFor(5, TimeUnit.MINUTES)).as(r.host()).isTrue();
            assertThat(r.process().exitValue()).as(Files.readString(tmp.resolve(r.host() + ".err"))).isZero();
        }

        Map<String, Integer> doneCount = new HashMap<>();
        for (Racer r : racers) {
            for (String l : r.lines()) if (l.startsWith("done ")) doneCount.merge(l.split(" ")[1], 1, Integer::sum);
        }
        long claimsMade = racers.stream().mapToLong(r -> r.count("claimed ")).sum();
        long refusedLate = frozen.count("refused ");
        long staleRefused = racers.stream().mapToLong(r -> r.count("stale-refused")).sum();
        System.out.printf("claim race: %d tasks, %d claims by 3 machines (%s), %d recovered from the frozen one,"
                        + " %d of its late writes refused, %d writes with an older token refused, 0 accepted%n",
                tasks, claimsMade, racers.stream().map(r -> r.host() + " " + r.count("done ")).toList(),
                recovered.size(), refusedLate, staleRefused);
        assertThat(racers).allSatisfy(r -> assertThat(r.count("STALE-ACCEPTED")).isZero());
        assertThat(doneCount).hasSize(tasks).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(queue.list()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.DONE));
        // the frozen machine held started tasks; each was recovered and finished elsewhere, and its own
        // finish after waking up was refused
        assertThat(recovered).isNotEmpty();
        assertThat(refusedLate).isGreaterThanOrEqualTo(1);
        assertThat(frozen.count("done ")).isEqualTo(doneWhenFrozen);
        assertThat(startedWhenFrozen).isNotEmpty();
        assertThat(claimsMade).isEqualTo(tasks + recovered.size());
    }

    private static void signal(String sig, Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
