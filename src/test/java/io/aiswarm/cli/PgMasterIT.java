package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.master.SwarmSession;
import io.aiswarm.state.WorkerIds;
import io.aiswarm.testing.PrivatePostgres;
import io.aiswarm.testing.TmuxServer;
import io.aiswarm.tmux.SessionSpec;
import io.aiswarm.tmux.TmuxSwarmManager;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `swarm master` of one machine on the PostgreSQL store, in this JVM, against a real tmux session. */
class PgMasterIT {
    static PrivatePostgres pg;
    @TempDir
    Path tmp;
    String database;
    TmuxServer server;

    @BeforeAll
    static void server() {
        pg = PrivatePostgres.shared();
    }

    @BeforeEach
    void setUp() {
        database = pg.createDatabase();
        server = new TmuxServer();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    CliRun machine(String host) {
        CliRun run = new CliRun(tmp.resolve(host));
        pg.storeEnv(database).forEach(run::env);
        return run.env("AI_SWARM_HOST", host).env("HOME", tmp.toString())
                .env("AI_SWARM_TMUX_SOCKET", server.socket()).env("AI_SWARM_POLL_INTERVAL", "0.2");
    }

    @Test
    void aMachineDrainsTheSharedQueueThroughItsClaimsAndInbox() throws Exception {
        CliRun m1 = machine("m1");
        assertThat(m1.run("init").exit()).isZero();
        assertThat(m1.run("task", "add", "--id", "ok", "--", "echo fine").exit()).isZero();
        assertThat(m1.run("task", "add", "--id", "bad", "--", "exit 4").exit()).isZero();
        assertThat(m1.run("task", "add", "--id", "late", "-p", "9", "--", "true").exit()).isZero();
        try (TmuxSwarmManager tmux = TmuxSwarmManager.create(new SessionSpec(server.socket(),
                SwarmSession.name("default"), WorkerIds.first(2), "tiled", tmp, Map.of(), null, null))) {
            CliRun.Result run = m1.run("master", "--exit-when-done");
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("dispatched ok -> worker-0", "done ok on worker-0 (exit 0)",
                    "FAILED bad on worker-1 (exit 4)", "0 pending, 0 running, 2 done, 1 failed")
                    .doesNotContain(PrivatePostgres.PASSWORD);
        }
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE host IS NOT NULL), count(*) FILTER"
                    + " (WHERE fence IS NOT NULL), string_agg(DISTINCT host, ',') FROM ai_swarm.tasks");
            rs.next();
            assertThat(rs.getInt(1)).as("claims end with their tasks").isZero();
            assertThat(rs.getInt(2)).as("every task was claimed with a token").isEqualTo(3);
            rs = s.executeQuery("SELECT string_agg(DISTINCT host, ','), count(*) FILTER (WHERE state = 'DONE'),"
                    + " count(*) FILTER (WHERE state = 'ASSIGNED') FROM ai_swarm.events");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("m1");
            assertThat(rs.getInt(2)).as("DONE lines came through the inbox").isEqualTo(2);
            assertThat(rs.getInt(3)).isEqualTo(3);
            s.execute("INSERT INTO ai_swarm.events (ts, host, worker_id, task_id, state, message) VALUES"
                    + " (now(), 'm3', 'worker-1', 'x9', 'HELP', 'asks: delete build/?')");
        }
        // from another machine, without a swarm directory of its own: every machine, HELP first, the queue
        CliRun.Result status = machine("m2").run("status");
        assertThat(status.exit()).as(status.err()).isZero();
        String out = status.out();
        assertThat(out).contains("store: postgresql://swarm@127.0.0.1:" + pg.port(), "m1               master lost or"
                + " stopped", "leader: none", "queue: pending 0, assigned 0, running 0, done 2, failed 1")
                .doesNotContain(PrivatePostgres.PASSWORD);
        assertThat(out).containsPattern("m1 +worker-0 +DONE +(ok|late)");
        assertThat(out.indexOf("m3/worker-1  HELP  task x9")).as(out).isGreaterThan(0)
                .isLessThan(out.indexOf("MACHINE"));
        assertThat(machine("m2").run("status", "--json").out()).contains("\"host\": \"m3\"",
                "\"master\": \"lost\"", "\"done\": 2");
    }

    @Test
    void statusSaysWhenTheStoreIsUnavailable() {
        CliRun.Result status = machine("m1").env("AI_SWARM_STORE", "postgresql://swarm@127.0.0.1:1/none")
                .run("status");
        assertThat(status.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
        assertThat(status.err()).contains("unavailable", "claim nothing until it is back");
    }
}
