package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.ProcessInfo;
import io.aiswarm.state.SwarmStateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgSettingsTest {
    @TempDir
    Path home;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    @Test
    void defaultsAreTheHostNameAndSchemaAiSwarm() {
        PgSettings s = PgSettings.from(env("AI_SWARM_STORE", "postgresql://swarm@db:5432/swarm"));
        assertThat(s.host()).isEqualTo(ProcessInfo.HOST);
        assertThat(s.schema()).isEqualTo("ai_swarm");
        assertThat(s.changeChannel()).isEqualTo("ai_swarm_changes");
        assertThat(s.describe()).isEqualTo("postgresql://swarm@db:5432/swarm (schema ai_swarm)");
    }

    @Test
    void thePasswordGoesToTheDriverOnlyNeverIntoText() {
        PgSettings s = PgSettings.from(env("AI_SWARM_STORE", "postgresql://swarm@db:5432/swarm",
                "PGPASSWORD", "s3cret-pw", "AI_SWARM_HOST", "build-1", "AI_SWARM_PG_SCHEMA", "team_a"));
        Properties p = s.connectionProperties("master");
        assertThat(p.getProperty("password")).isEqualTo("s3cret-pw");
        assertThat(p.getProperty("user")).isEqualTo("swarm");
        assertThat(p.getProperty("currentSchema")).isEqualTo("team_a");
        assertThat(p.getProperty("ApplicationName")).isEqualTo("ai-swarm master @build-1");
        assertThat(s.toString() + s.describe() + s.jdbcUrl()).doesNotContain("s3cret-pw");
    }

    @Test
    void withoutPgpasswordTheDriverReadsThePasswordFile() {
        PgSettings s = PgSettings.from(env("AI_SWARM_STORE", "postgresql://swarm@db:5432/swarm"));
        assertThat(s.connectionProperties("cli").getProperty("password")).isNull();
    }

    @Test
    void aPasswordFileOthersCanReadIsRefusedSayingHowToFixIt() throws Exception {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "db:5432:swarm:swarm:s3cret-pw\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> PgSettings.from(env("AI_SWARM_STORE", "postgresql://swarm@db:5432/swarm")))
                .hasMessageContaining("chmod 600 " + pgpass)
                .hasMessageNotContaining("s3cret-pw");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        assertThat(PgSettings.from(env("AI_SWARM_STORE", "postgresql://swarm@db:5432/swarm")).user())
                .isEqualTo("swarm");
    }

    @Test
    void theUserComesFromTheUrlThenPguserThenTheAccount() {
        assertThat(PgSettings.from(env("AI_SWARM_STORE", "postgresql://db:5432/swarm", "PGUSER", "ops")).user())
                .isEqualTo("ops");
        assertThat(PgSettings.from(env("AI_SWARM_STORE", "postgresql://db:5432/swarm", "USER", "me")).user())
                .isEqualTo("me");
    }

    @Test
    void driverTimeoutsCanBeOverriddenInTheUrl() {
        Properties p = PgSettings.from(env("AI_SWARM_STORE", "postgresql://swarm@db:5432/swarm?socketTimeout=5"))
                .connectionProperties("master");
        assertThat(p.getProperty("socketTimeout")).isNull();
        assertThat(p.getProperty("connectTimeout")).isEqualTo("10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper", "pg_catalog", "1abc", "with-dash", "a;drop", "x234567890123456789012345678901234567890123456789"})
    void aBadSchemaNameIsRefusedNamingTheSetting(String schema) {
        assertThatThrownBy(() -> PgSettings.from(env("AI_SWARM_STORE", "postgresql://swarm@db/swarm",
                "AI_SWARM_PG_SCHEMA", schema)))
                .isInstanceOf(SwarmStateException.class)
                .hasMessageStartingWith("AI_SWARM_PG_SCHEMA='" + schema + "' is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"two words", "a/b", "-lead", "x$(id)"})
    void aBadHostNameIsRefusedNamingTheSetting(String host) {
        assertThatThrownBy(() -> PgSettings.from(env("AI_SWARM_STORE", "postgresql://swarm@db/swarm",
                "AI_SWARM_HOST", host)))
                .hasMessageStartingWith("AI_SWARM_HOST='" + host + "' is not allowed");
    }

    @Test
    void anUnsetStoreSaysWhatToSet() {
        assertThatThrownBy(() -> PgSettings.from(env()))
                .hasMessageContaining("AI_SWARM_STORE is not set");
        assertThat(PgSettings.configured(env())).isFalse();
        assertThat(PgSettings.configured(env("AI_SWARM_STORE", "postgresql://db/x"))).isTrue();
    }
}
