package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.SwarmStateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreUrlTest {
    @Test
    void aLibpqUrlBecomesAJdbcUrlWithTheUserApart() {
        StoreUrl url = StoreUrl.parse("postgresql://swarm@db.internal:5432/swarm");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/swarm");
        assertThat(url.user()).isEqualTo("swarm");
        assertThat(url.display()).isEqualTo("postgresql://swarm@db.internal:5432/swarm");
    }

    @Test
    void theDriversTlsParametersPassThroughUnchanged() {
        StoreUrl url = StoreUrl.parse("postgres://swarm@db:5432/swarm?sslmode=verify-full"
                + "&sslrootcert=/etc/ssl/db-ca.pem&sslcert=/home/u/.pg/c.crt&sslkey=/home/u/.pg/c.pk8");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/swarm?sslmode=verify-full"
                + "&sslrootcert=/etc/ssl/db-ca.pem&sslcert=/home/u/.pg/c.crt&sslkey=/home/u/.pg/c.pk8");
    }

    @Test
    void aJdbcUrlKeepsItsParametersAndGivesUpItsUser() {
        StoreUrl url = StoreUrl.parse("jdbc:postgresql://a:5432,b:5433/swarm?user=ops&targetServerType=primary");
        assertThat(url.user()).isEqualTo("ops");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://a:5432,b:5433/swarm?targetServerType=primary");
        assertThat(url.display()).isEqualTo("postgresql://ops@a:5432,b:5433/swarm");
    }

    @Test
    void ipv6AndEscapedNamesAreKept() {
        StoreUrl url = StoreUrl.parse("postgresql://sw%40rm@[::1]:5432/my-db");
        assertThat(url.user()).isEqualTo("sw@rm");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/my-db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://swarm:s3cret-pw@db:5432/swarm",
            "jdbc:postgresql://db:5432/swarm?user=swarm&password=s3cret-pw",
            "postgresql://swarm@db:5432/swarm?sslpassword=s3cret-pw"})
    void aPasswordInTheUrlIsRefusedWithoutEchoingIt(String value) {
        assertThatThrownBy(() -> StoreUrl.parse(value))
                .isInstanceOf(SwarmStateException.class)
                .hasMessageContaining("AI_SWARM_STORE holds a password")
                .hasMessageContaining("PGPASSWORD")
                .hasMessageContaining("~/.pgpass")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void theSchemaIsNotSetInTheUrl() {
        assertThatThrownBy(() -> StoreUrl.parse("jdbc:postgresql://db/swarm?currentSchema=public"))
                .hasMessageContaining("AI_SWARM_PG_SCHEMA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://db/x", "file", "postgresql:///swarm", "postgresql://swarm@db:5432",
            "postgresql://db:5432/"})
    void whatIsNotAUsableUrlSaysWhatToGive(String value) {
        assertThatThrownBy(() -> StoreUrl.parse(value))
                .isInstanceOf(SwarmStateException.class)
                .hasMessageStartingWith("AI_SWARM_STORE ")
                .hasMessageContaining("postgresql://");
    }

    @Test
    void onlyPostgresUrlsSelectThisStore() {
        assertThat(StoreUrl.isPostgres("postgresql://db/x")).isTrue();
        assertThat(StoreUrl.isPostgres(" JDBC:postgresql://db/x")).isTrue();
        assertThat(StoreUrl.isPostgres("file")).isFalse();
        assertThat(StoreUrl.isPostgres(null)).isFalse();
    }
}
