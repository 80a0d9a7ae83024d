package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.bench.Machine;
import io.aiswarm.bench.Percentiles;
import io.aiswarm.bench.ProcStat;
import io.aiswarm.testing.PostgresBinaries;
import io.aiswarm.testing.PrivatePostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures of the shared store end to end (docs/performance.md): two machines on this host (2 exec workers each, one
 * private PostgreSQL). First the dispatch latency across machines: a chain of tasks, each of which, as its last act,
 * adds the next one to the queue with psql while its own worker is still busy, so an idle worker takes it, on the
 * other machine or on the same one: the time from that insert's commit to the next task's first line, per hop. Then
 * 400 instant tasks: tasks per second, and the CPU each costs in the database, in the masters and in tmux and the
 * panes, which gives the database's share of a task's cost.
 */
class PgClusterBenchIT {
    static final int LINKS = 81;
    static final int INSTANT = 400;

    @TempDir
    Path tmp;
    SharedStoreCluster cluster;
    PrivatePostgres pg;
    String database;
    List<SwarmMachine> machines;

    @AfterEach
    void tearDown() {
        if (cluster != null) cluster.close();
    }

    @Test
    void dispatchAcrossMachinesAndTheDatabasesShareOfATask() throws Exception {
        String machine = Machine.current().describe();
        cluster = SharedStoreCluster.start(tmp, Map.of(), "a", "b");
        pg = cluster.pg;
        database = cluster.database;
        machines = cluster.machines;
        SwarmMachine a = machines.get(0);
        assertThat(a.swarm("init").exit()).isZero();
        for (SwarmMachine m : machines) m.up(2);

        Path runs = tmp.resolve("runs.log");
        Path chain = tmp.resolve("chain.sh");
        Files.writeString(chain, "n=${AI_SWARM_TASK_ID#d}\n"
                + "echo \"$AI_SWARM_TASK_ID s $(date +%s%N) $AI_SWARM_HOST\" >> " + runs + "\n"
                + "if [ \"$n\" -lt " + LINKS + " ]; then\n"
                + "  " + PostgresBinaries.find().orElseThrow().resolve("psql") + " -qAtX -h 127.0.0.1 -p " + pg.port()
                + " -U " + PrivatePostgres.USER + " -d " + database + " -c \"INSERT INTO ai_swarm.tasks (task_id, seq,"
                + " priority, status, command, created_at, updated_at) VALUES ('d$((n + 1))',"
                + " nextval('ai_swarm.task_seq'), 5, 'pending', 'sh " + chain + "', now(), now())\"\n"
                + "  echo \"$AI_SWARM_TASK_ID i $(date +%s%N) $AI_SWARM_HOST\" >> " + runs + "\n"
                + "fi\n");
        assertThat(a.swarm("task", "add", "--id", "d1", "--", "sh", chain.toString()).exit()).isZero();
        awaitDone(LINKS);
        Map<String, String[]> line = new HashMap<>();
        for (String l : Files.readAllLines(runs)) {
            String[] f = l.split(" ");
            line.put(f[0] + " " + f[1], f);
        }
        List<Double> across = new ArrayList<>();
        List<Double> same = new ArrayList<>();
        for (int k = 1; k < LINKS; k++) {
            String[] added = line.get("d" + k + " i");
            String[] started = line.get("d" + (k + 1) + " s");
            double ms = (Long.parseLong(started[2]) - Long.parseLong(added[2])) / 1e6;
            (added[3].equals(started[3]) ? same : across).add(ms);
        }

        long[] before = cpu();
        Path instant = tmp.resolve("instant.txt");
        Files.writeString(instant, "true\n".repeat(INSTANT));
        assertThat(a.swarm("task", "add", "--file", instant.toString()).exit()).isZero();
        awaitDone(LINKS + INSTANT);
        long[] after = cpu();
        double seconds = spanSeconds();
        double db = (after[0] - before[0]) / (double) INSTANT;
        double masters = (after[1] - before[1]) / (double) INSTANT;
        double panes = (after[2] - before[2]) / (double) INSTANT;
        Percentiles x = Percentiles.of(across);
        Percentiles s = Percentiles.of(same);
        System.out.printf(Locale.ROOT, "PgClusterBenchIT on %s%n"
                        + "  dispatch: a task adds the next, which starts on the other machine: median %.1f ms, p90 %.1f"
                        + " ms, max %.1f ms (%d hops); on the same machine: median %.1f ms, p90 %.1f ms (%d hops)%n"
                        + "  %d instant tasks on 2 machines x 2 workers: %.0f tasks/s; CPU per task: database %.2f ms,"
                        + " masters %.2f ms, tmux and panes %.2f ms: the database's share %.0f%%%n",
                machine, x.median(), x.percentile(90), x.max(), x.count(), s.median(), s.percentile(90), s.count(),
                INSTANT, INSTANT / seconds, db, masters, panes, 100 * db / (db + masters + panes));
        assertThat(x.count()).as("some hops cross machines").isPositive();
    }

    /** CPU so far in milliseconds: the database server, the two masters, the two tmux servers with their panes. */
    private long[] cpu() {
        long masters = 0;
        long panes = 0;
        for (SwarmMachine m : machines) {
            masters += ProcStat.treeCpuMillis(m.masterPid());
            panes += ProcStat.treeCpuMillis(Long.parseLong(m.tmux.run("display-message", "-p", "#{pid}").strip()))
                    - ProcStat.treeCpuMillis(m.masterPid()); // the master runs in a pane too
        }
        return new long[]{ProcStat.treeCpuMillis(pg.serverPid()), masters, panes};
    }

    private void awaitDone(int tasks) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (count("status = 'done'") < tasks) {
            if (System.nanoTime() > deadline) throw new AssertionError("not done: " + count("true") + " tasks");
            Thread.sleep(100);
        }
    }

    private int count(String where) throws Exception {
        return cluster.count(where);
    }

    /** From the first instant task's assignment to the last one's end. */
    private double spanSeconds() throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT extract(epoch FROM max(finished_at) - min(assigned_at))"
                     + " FROM ai_swarm.tasks WHERE task_id NOT LIKE 'd%'")) {
            rs.next();
            return rs.getDouble(1);
        }
    }
}
