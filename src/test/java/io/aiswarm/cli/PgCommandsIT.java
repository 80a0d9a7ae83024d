package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.testing.PrivatePostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The person's commands on a PostgreSQL store: init migrates, tasks added on one machine are seen on another. */
class PgCommandsIT {
    static PrivatePostgres pg;
    @TempDir
    Path tmp;
    String database;

    @BeforeAll
    static void server() {
        pg = PrivatePostgres.shared();
    }

    @BeforeEach
    void database() {
        database = pg.createDatabase();
    }

    /** A "machine": its own swarm directory and name, the shared store. */
    CliRun machine(String host) {
        CliRun run = new CliRun(tmp.resolve(host));
        pg.storeEnv(database).forEach(run::env);
        return run.env("AI_SWARM_HOST", host).env("HOME", tmp.toString());
    }

    @Test
    void initCreatesTheSchemaOnceAndSaysSoWithoutThePassword() {
        CliRun.Result first = machine("m1").run("init");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("schema:          version 1 (migrated from 0, applied [1])")
                .contains("postgresql://swarm@127.0.0.1:" + pg.port() + "/" + database + " (schema ai_swarm)")
                .contains("this machine:    m1").doesNotContain(PrivatePostgres.PASSWORD);
        CliRun.Result again = machine("m2").run("init");
        assertThat(again.out()).contains("schema:          version 1 (already there)");
    }

    @Test
    void tasksAddedOnOneMachineAreListedCancelledAndRetriedFromAnother() {
        machine("m1").run("init");
        CliRun.Result added = machine("m1").run("task", "add", "--id", "t1", "--", "make", "test");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out().trim()).isEqualTo("t1");
        CliRun m2 = machine("m2");
        assertThat(m2.run("task", "add", "--prompt", "write docs", "-p", "2").exit()).isZero();
        CliRun.Result list = m2.run("task", "list");
        assertThat(list.out()).contains("t1").contains("$ make test").contains("prompt: write docs");
        assertThat(list.out().indexOf("write docs")).isLessThan(list.out().indexOf("make test")); // priority 2 first
        assertThat(m2.run("task", "cancel", "t1").out()).contains("t1 cancelled");
        assertThat(machine("m1").run("task", "show", "t1").out()).contains("\"status\": \"cancelled\"");
        assertThat(m2.run("task", "retry", "t1").out()).contains("t1 pending again");
        CliRun.Result dup = m2.run("task", "add", "--id", "t1", "--", "true");
        assertThat(dup.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
        assertThat(dup.err()).contains("task id 't1' already exists");
    }

    @Test
    void anUninitialisedStoreAndAnUnknownStoreSayWhatToDo() {
        CliRun.Result r = machine("m1").run("task", "list");
        assertThat(r.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
        assertThat(r.err()).contains("swarm init");
        CliRun.Result unknown = new CliRun(tmp.resolve("x")).env("AI_SWARM_STORE", "mysql://u:secret@db/x")
                .run("task", "list");
        assertThat(unknown.exit()).isEqualTo(SwarmMain.EXIT_FAILURE);
        assertThat(unknown.err()).contains("scheme 'mysql'").doesNotContain("secret");
    }
}
