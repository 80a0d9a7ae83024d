package io.aiswarm.state.pg;

import io.aiswarm.state.ChildSupport;
import io.aiswarm.state.TaskStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child JVM: one machine's master racing others for one queue. Takes its master lease, claims tasks for its idle
 * workers, starts and finishes each presenting its token, heartbeats between tasks, and prints what the store
 * accepted or refused: "claimed ID FENCE", "done ID FENCE", "refused ID FENCE" (its token was no longer current),
 * "stale-refused" / "STALE-ACCEPTED" (a write with an older token, which must always be refused), "lease-lost".
 * args: go file, workers, task time in ms (a simulated run between start and finish). Ends when nothing is left.
 */
public final class ClaimRacerMain {
    static final Duration LEASE_TTL = Duration.ofSeconds(5);
    static final Duration CLAIM_TTL = Duration.ofSeconds(5);

    private ClaimRacerMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.awaitGo(Path.of(args[0]));
        int workers = Integer.parseInt(args[1]);
        long runMillis = Long.parseLong(args[2]);
        Clock clock = Clock.systemUTC();
        try (PgSession db = new PgSession(PgSettings.from(System.getenv()), "racer", clock)) {
            String host = db.settings().host();
            PgLeases leases = new PgLeases(db, clock);
            PgTaskClaims claims = new PgTaskClaims(db, clock, CLAIM_TTL);
            PgTaskQueue queue = new PgTaskQueue(db, clock);
            List<String> idle = new ArrayList<>();
            for (int w = 0; w < workers; w++) idle.add("worker-" + w);
            Lease lease = acquire(leases, host);
            Instant beat = clock.instant();
            while (true) {
                if (Duration.between(beat, clock.instant()).compareTo(Duration.ofSeconds(1)) > 0) {
                    try {
                        lease = claims.heartbeat(lease, LEASE_TTL);
                    } catch (LeaseLostException e) {
                        say("lease-lost");
                        lease = acquire(leases, host);
                    }
                    beat = clock.instant();
                }
                List<TaskClaim> got;
                try {
                    got = claims.claim(lease, idle);
                } catch (LeaseLostException e) {
                    say("lease-lost");
                    lease = acquire(leases, host);
                    continue;
                }
                for (TaskClaim c : got) say("claimed " + c.taskId() + " " + c.fence());
                for (TaskClaim c : got) run(claims, c, runMillis);
                if (got.isEmpty() && nothingLeft(queue.countByStatus())) break;
            }
        }
    }

    private static void run(PgTaskClaims claims, TaskClaim c, long runMillis) throws InterruptedException {
        try {
            claims.start(c.taskId(), c.fence());
            say("started " + c.taskId() + " " + c.fence());
            if (runMillis > 0) Thread.sleep(runMillis); // the task's own run time, as a worker would take
            try {
                claims.finish(c.taskId(), c.fence() - 1, TaskStatus.FAILED, 1, null, "written with an older token");
                say("STALE-ACCEPTED " + c.taskId() + " " + (c.fence() - 1));
            } catch (StaleClaimException expected) {
                say("stale-refused");
            }
            claims.finish(c.taskId(), c.fence(), TaskStatus.DONE, 0, null, null);
            say("done " + c.taskId() + " " + c.fence());
        } catch (StaleClaimException e) {
            say("refused " + c.taskId() + " " + c.fence());
        }
    }

    private static boolean nothingLeft(Map<TaskStatus, Integer> counts) {
        return counts.get(TaskStatus.PENDING) == 0 && counts.get(TaskStatus.ASSIGNED) == 0
                && counts.get(TaskStatus.RUNNING) == 0;
    }

    private static Lease acquire(PgLeases leases, String host) throws InterruptedException {
        while (true) {
            var lease = leases.tryAcquire(Lease.Key.host(host), LEASE_TTL);
            if (lease.isPresent()) return lease.get();
            Thread.sleep(100); // our previous lease is still live: wait for it to expire
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
