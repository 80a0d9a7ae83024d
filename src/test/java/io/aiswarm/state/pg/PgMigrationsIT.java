package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.testing.JavaProcess;
import io.aiswarm.testing.PrivatePostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgMigrationsIT {
    static PrivatePostgres pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void server() {
        pg = PrivatePostgres.shared();
    }

    private static Map<String, String> env(String database, String schema) {
        Map<String, String> env = new java.util.HashMap<>(pg.storeEnv(database));
        env.put("AI_SWARM_HOST", "init-host");
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        if (schema != null) env.put("AI_SWARM_PG_SCHEMA", schema);
        return env;
    }

    private static List<String> query(String database, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) rows.add(rs.getString(1));
        }
        return rows;
    }

    @Test
    void aFreshDatabaseGetsEveryTableInItsOwnSchemaAndARerunChangesNothing() throws Exception {
        String db = pg.createDatabase();
        PgMigrations migrations = new PgMigrations(PgSettings.from(env(db, null)));
        PgMigrations.Report first = migrations.migrate();
        assertThat(first.versionBefore()).isZero();
        assertThat(first.applied()).containsExactly(1);
        assertThat(query(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'ai_swarm' ORDER BY 1"))
                .containsExactly("events", "inbox_offsets", "leases", "schema_migrations", "task_locks", "tasks");
        assertThat(query(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).isEmpty();

        PgMigrations.Report again = migrations.migrate();
        assertThat(again.versionBefore()).isEqualTo(1);
        assertThat(again.applied()).isEmpty();
        assertThat(query(db, "SELECT count(*) FROM ai_swarm.schema_migrations")).containsExactly("1");
    }

    @Test
    void machinesInitialisingAtOnceApplyEachMigrationOnce() throws Exception {
        String db = pg.createDatabase();
        Path go = tmp.resolve("go");
        List<Process> children = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path log = tmp.resolve("migrate-" + i + ".log");
            logs.add(log);
            children.add(JavaProcess.start(MigrateMain.class, env(db, null), log.toFile(), go.toString()));
        }
        Files.createFile(go);
        for (Process p : children) {
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(logs.get(children.indexOf(p)))).isZero();
        }
        List<String> outputs = new ArrayList<>();
        for (Path log : logs) outputs.add(Files.readString(log, StandardCharsets.UTF_8).trim());
        assertThat(outputs).containsOnlyOnce("applied [1]").filteredOn(o -> !o.equals("applied [1]"))
                .containsOnly("applied []");
        assertThat(query(db, "SELECT version FROM ai_swarm.schema_migrations")).containsExactly("1");
    }

    @Test
    void aSchemaFromANewerAiSwarmIsLeftAloneWithAClearMessage() throws Exception {
        String db = pg.createDatabase();
        PgMigrations migrations = new PgMigrations(PgSettings.from(env(db, null)));
        migrations.migrate();
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO ai_swarm.schema_migrations VALUES (99, 'from the future', 'x', now())");
        }
        assertThatThrownBy(migrations::migrate)
                .isInstanceOf(SwarmStateException.class)
                .hasMessageContaining("at version 99, newer than this AI Swarm knows (1)")
                .hasMessageContaining("upgrade AI Swarm");
    }

    @Test
    void anAppliedMigrationWhoseTextChangedIsRefused() throws Exception {
        String db = pg.createDatabase();
        PgMigrations migrations = new PgMigrations(PgSettings.from(env(db, null)));
        migrations.migrate();
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("UPDATE ai_swarm.schema_migrations SET checksum = 'edited' WHERE version = 1");
        }
        assertThatThrownBy(migrations::migrate)
                .hasMessageContaining("migration 1 (V001__shared_store.sql) was applied from a different text");
    }

    @Test
    void twoSchemasInOneDatabaseAreTwoSeparateSwarms() throws Exception {
        String db = pg.createDatabase();
        PgSettings a = PgSettings.from(env(db, "team_a"));
        PgSettings b = PgSettings.from(env(db, "team_b"));
        new PgMigrations(a).migrate();
        new PgMigrations(b).migrate();
        try (PgSession sa = new PgSession(a, "test", Clock.systemUTC());
             PgSession sb = new PgSession(b, "test", Clock.systemUTC())) {
            new PgTaskQueue(sa, Clock.systemUTC()).add(NewTask.command("echo a"));
            assertThat(new PgTaskQueue(sa, Clock.systemUTC()).list()).hasSize(1);
            assertThat(new PgTaskQueue(sb, Clock.systemUTC()).list()).isEmpty();
        }
    }

    @Test
    void usingAStoreThatWasNeverInitialisedSaysToRunInit() {
        String db = pg.createDatabase();
        try (PgSession s = new PgSession(PgSettings.from(env(db, null)), "test", Clock.systemUTC())) {
            assertThatThrownBy(() -> new PgTaskQueue(s, Clock.systemUTC()).list())
                    .isInstanceOf(SwarmStateException.class)
                    .hasMessageContaining("run `swarm init`");
        }
    }

    @Test
    void aWrongPasswordSaysWhereThePasswordComesFromWithoutShowingIt() {
        Map<String, String> env = env("postgres", null);
        env.put("PGPASSWORD", "not-the-password");
        try (PgSession s = new PgSession(PgSettings.from(env), "test", Clock.systemUTC())) {
            assertThatThrownBy(() -> new PgTaskQueue(s, Clock.systemUTC()).list())
                    .isInstanceOf(SwarmStateException.class)
                    .hasMessageContaining("password authentication failed")
                    .hasMessageContaining("PGPASSWORD or in ~/.pgpass")
                    .hasMessageNotContaining("not-the-password");
        }
    }

    @Test
    void thePasswordFileIsUsedWhenPgpasswordIsUnset() throws Exception {
        Path pgpass = tmp.resolve("pgpass");
        Files.writeString(pgpass, "127.0.0.1:" + pg.port() + ":*:" + PrivatePostgres.USER + ":"
                + PrivatePostgres.PASSWORD + "\n");
        Files.setPosixFilePermissions(pgpass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String db = pg.createDatabase();
        Map<String, String> env = env(db, null);
        env.remove("PGPASSWORD");
        env.put("PGPASSFILE", pgpass.toString());
        // the driver reads PGPASSFILE from the real environment: a child JVM has it there
        Path log = tmp.resolve("pgpass.log");
        Process p = JavaProcess.start(MigrateMain.class, env, log.toFile(), tmp.toString());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("applied [1]");
    }
}
