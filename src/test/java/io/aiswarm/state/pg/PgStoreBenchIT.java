package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.bench.Machine;
import io.aiswarm.bench.Percentiles;
import io.aiswarm.state.BroadcastState;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.PrivatePostgres;
import io.aiswarm.tmux.ProcessTreeCpu;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's figures (docs/postgresql.md): round trip, cost of a new connection, claims per second on one connection
 * and on several (does a master need a pool?), and what one task's whole life costs the database. Prints them with
 * the machine; asserts only that every task was claimed once. Its own server, so nothing else runs on it.
 */
class PgStoreBenchIT {
    static PrivatePostgres pg;
    static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path tmp;

    @BeforeAll
    static void server() {
        pg = PrivatePostgres.start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
    }

    private static void print(String format, Object... args) {
        System.out.println("pg bench: " + String.format(Locale.ROOT, format, args));
    }

    @Test
    void figures() throws Exception {
        print("%s; PostgreSQL %s, fsync on, on this machine over 127.0.0.1", Machine.current().describe(),
                serverVersion());
        try (PgTestStore store = PgTestStore.fresh(pg)) {
            roundTripAndConnect(store);
            claimsPerSecond(store);
            connectionsInOneMaster(store);
            wakeUpAcrossMachines(store);
        }
        try (PgTestStore store = PgTestStore.fresh(pg)) {
            costPerTask(store);
        }
    }

    private void roundTripAndConnect(PgTestStore store) throws Exception {
        PgSession s = store.session("host-a", CLOCK);
        List<Double> trips = new ArrayList<>();
        s.read("warm up", c -> c.isValid(5));
        s.read("round trips", c -> {
            try (Statement st = c.createStatement()) {
                for (int i = 0; i < 2000; i++) {
                    long t0 = System.nanoTime();
                    try (ResultSet rs = st.executeQuery("SELECT 1")) {
                        rs.next();
                    }
                    trips.add((System.nanoTime() - t0) / 1000.0);
                }
            }
            return null;
        });
        List<Double> connects = new ArrayList<>();
        PgSettings settings = store.settings("host-a");
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            try (Connection c = PgConnector.open(settings, "bench")) {
                c.isValid(5);
            }
            connects.add((System.nanoTime() - t0) / 1e6);
        }
        Percentiles rt = Percentiles.of(trips);
        Percentiles cn = Percentiles.of(connects);
        print("round trip (SELECT 1): median %.0f µs, p99 %.0f µs; a new connection (TCP, SCRAM, set-up): median %.1f ms,"
                + " p99 %.1f ms", rt.percentile(50), rt.percentile(99), cn.percentile(50), cn.percentile(99));
    }

    /** One machine on one connection: a claim per idle worker (claim + finish), and claims for 8 idle workers at once. */
    private void claimsPerSecond(PgTestStore store) {
        int n = 2000;
        PgSession s = store.session("host-a", CLOCK);
        new PgTaskQueue(s, CLOCK).addAll(commands(n));
        PgTaskClaims claims = new PgTaskClaims(s, CLOCK, Duration.ofMinutes(5));
        Lease lease = new PgLeases(s, CLOCK).tryAcquire(Lease.Key.host("host-a"), Duration.ofMinutes(10)).orElseThrow();
        List<Double> claimMs = new ArrayList<>();
        int claimed = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n / 2; i++) {
            long c0 = System.nanoTime();
            TaskClaim c = claims.claim(lease, List.of("worker-0")).get(0);
            claimMs.add((System.nanoTime() - c0) / 1e6);
            claims.finish(c.taskId(), c.fence(), TaskStatus.DONE, 0, null, null);
            claimed++;
        }
        double oneByOne = claimed / ((System.nanoTime() - t0) / 1e9);
        List<String> eight = List.of("w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7");
        long t1 = System.nanoTime();
        int batched = 0;
        while (true) {
            List<TaskClaim> got = claims.claim(lease, eight);
            if (got.isEmpty()) break;
            batched += got.size();
            for (TaskClaim c : got) claims.finish(c.taskId(), c.fence(), TaskStatus.DONE, 0, null, null);
        }
        double batchSeconds = (System.nanoTime() - t1) / 1e9;
        assertThat(claimed + batched).isEqualTo(n);
        Percentiles p = Percentiles.of(claimMs);
        print("one machine, one connection: claim transaction median %.2f ms (p99 %.2f); claim + finish %.0f tasks/s;"
                + " claims for 8 idle workers at a time, each finished: %.0f tasks/s",
                p.percentile(50), p.percentile(99), oneByOne, batched / batchSeconds);
    }

    /** Does a master gain from several connections (a pool)? The same claim + finish loop on 1, 2 and 4 at once. */
    private void connectionsInOneMaster(PgTestStore store) throws Exception {
        for (int connections : new int[] {1, 2, 4}) {
            int perConnection = 800 / connections;
            PgSession setup = store.session("setup", CLOCK);
            new PgTaskQueue(setup, CLOCK).addAll(commands(perConnection * connections));
            ExecutorService pool = Executors.newFixedThreadPool(connections);
            List<Future<Integer>> done = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int k = 0; k < connections; k++) {
                String host = "conn-" + connections + "-" + k;
                PgSession s = store.session(host, CLOCK);
                Callable<Integer> loop = () -> {
                    PgTaskClaims claims = new PgTaskClaims(s, CLOCK, Duration.ofMinutes(5));
                    Lease lease = new PgLeases(s, CLOCK).tryAcquire(Lease.Key.host(host), Duration.ofMinutes(10))
                            .orElseThrow();
                    int count = 0;
                    for (int i = 0; i < perConnection; i++) {
                        List<TaskClaim> got = claims.claim(lease, List.of("worker-0"));
                        if (got.isEmpty()) break;
                        claims.finish(got.get(0).taskId(), got.get(0).fence(), TaskStatus.DONE, 0, null, null);
                        count++;
                    }
                    return count;
                };
                done.add(pool.submit(loop));
            }
            int total = 0;
            for (Future<Integer> f : done) total += f.get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            assertThat(total).isEqualTo(perConnection * connections);
            print("%d connection(s) claiming and finishing at once (as %d machines, or one master with a pool): %.0f"
                    + " tasks/s in all", connections, connections, total / seconds);
        }
    }

    /**
     * The store's part of dispatch across machines: machine A commits a change (here: a task becomes pending), B's
     * change feed is notified and B claims it. Measured from A's commit to B's claim returning.
     */
    private void wakeUpAcrossMachines(PgTestStore store) throws Exception {
        PgSession a = store.session("machine-a", CLOCK);
        PgSession b = store.session("machine-b", CLOCK);
        PgTaskQueue queueA = new PgTaskQueue(a, CLOCK);
        PgTaskClaims claimsB = new PgTaskClaims(b, CLOCK, Duration.ofMinutes(5));
        Lease leaseB = new PgLeases(b, CLOCK).tryAcquire(Lease.Key.host("machine-b"), Duration.ofMinutes(10))
                .orElseThrow();
        java.util.concurrent.BlockingQueue<String> signals = new java.util.concurrent.LinkedBlockingQueue<>();
        List<Double> latencies = new ArrayList<>();
        try (PgChangeFeed feed = PgChangeFeed.start(store.settings("machine-b"), signals::add)) {
            assertThat(signals.poll(5, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(PgChangeFeed.RESYNC);
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                queueA.add(NewTask.command("echo " + i));
                assertThat(signals.poll(1, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo("tasks");
                List<TaskClaim> got = claimsB.claim(leaseB, List.of("worker-0"));
                latencies.add((System.nanoTime() - t0) / 1e6);
                assertThat(got).hasSize(1);
                claimsB.finish(got.get(0).taskId(), got.get(0).fence(), TaskStatus.DONE, 0, null, null);
                while (signals.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
                    // the claim's and the finish's own notifications
                }
            }
        }
        Percentiles p = Percentiles.of(latencies);
        print("a task added on machine A, claimed on machine B woken by NOTIFY: median %.1f ms, p90 %.1f ms, p99 %.1f"
                + " ms (add commit + notification + claim)", p.median(), p.percentile(90), p.percentile(99));
    }

    /**
     * One task's whole life as a master on the store would live it: added (in batches of 100), claimed, ASSIGNED
     * logged, START and DONE lines appended to the inbox by the worker and ingested, started and finished with its
     * token, a heartbeat per ten tasks. CPU of every PostgreSQL process and of this JVM, per task.
     */
    private void costPerTask(PgTestStore store) throws Exception {
        int n = 1000;
        PgSession s = store.session("host-a", CLOCK);
        PgTaskQueue queue = new PgTaskQueue(s, CLOCK);
        PgTaskClaims claims = new PgTaskClaims(s, CLOCK, Duration.ofMinutes(5));
        PgStatusLog log = new PgStatusLog(s);
        Path inbox = tmp.resolve("inbox.jsonl");
        InboxIngester ingester = new InboxIngester(s, inbox, CLOCK);
        Lease lease = new PgLeases(s, CLOCK).tryAcquire(Lease.Key.host("host-a"), Duration.ofMinutes(1)).orElseThrow();
        long server = pg.serverPid();
        long dbCpu0 = ProcessTreeCpu.cpuMillis(server);
        long jvmCpu0 = jvmCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i += 100) queue.addAll(commands(100));
        for (int i = 0; i < n; i++) {
            TaskClaim c = claims.claim(lease, List.of("worker-0")).get(0);
            log.append(new StatusEvent(CLOCK.instant(), "worker-0", c.taskId(), BroadcastState.ASSIGNED, "", null));
            Files.writeString(inbox, StatusLines.encode(new StatusEvent(CLOCK.instant(), "worker-0", c.taskId(),
                    BroadcastState.START, "", null)) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ingester.ingestAll();
            claims.start(c.taskId(), c.fence());
            Files.writeString(inbox, StatusLines.encode(new StatusEvent(CLOCK.instant(), "worker-0", c.taskId(),
                    BroadcastState.DONE, "exit 0", null)) + "\n", StandardOpenOption.APPEND);
            ingester.ingestAll();
            claims.finish(c.taskId(), c.fence(), TaskStatus.DONE, 0, null, null);
            if (i % 10 == 0) lease = claims.heartbeat(lease, Duration.ofMinutes(1));
        }
        double wallMs = (System.nanoTime() - t0) / 1e6 / n;
        double dbMs = (double) (ProcessTreeCpu.cpuMillis(server) - dbCpu0) / n;
        double jvmMs = (jvmCpuNanos() - jvmCpu0) / 1e6 / n;
        assertThat(queue.countByStatus().get(TaskStatus.DONE)).isEqualTo(n);
        print("one task's life in the store (add, claim, ASSIGNED, START and DONE through the inbox, start, finish,"
                + " 1/10 heartbeat; 10 transactions): %.2f ms wall, %.2f ms CPU in PostgreSQL, %.2f ms CPU in this JVM",
                wallMs, dbMs, jvmMs);
        print("store size after %d tasks: %s", n, sizes(store));
    }

    private static String sizes(PgTestStore store) throws Exception {
        try (Connection c = pg.connect(store.database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_size_pretty(pg_total_relation_size('ai_swarm.tasks')),"
                     + " pg_size_pretty(pg_total_relation_size('ai_swarm.events'))")) {
            rs.next();
            return "tasks " + rs.getString(1) + ", events " + rs.getString(2) + " (with indexes)";
        }
    }

    private static String serverVersion() throws Exception {
        try (Connection c = pg.connect("postgres")) {
            return c.getMetaData().getDatabaseProductVersion();
        }
    }

    private static List<NewTask> commands(int n) {
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) tasks.add(NewTask.command("make test-" + i));
        return tasks;
    }

    private static long jvmCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
