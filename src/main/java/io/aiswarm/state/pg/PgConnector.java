package io.aiswarm.state.pg;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.Driver;

/**
 * Opens connections to the store. The driver is called directly rather than through DriverManager's global registry:
 * nothing else in the process can then answer for our URL.
 */
final class PgConnector {
    private static final Driver DRIVER = new Driver();

    private PgConnector() {
    }

    /** A new connection; {@code role} names its use in pg_stat_activity (master, listener, cli). */
    static Connection open(PgSettings settings, String role) throws SQLException {
        Connection c = DRIVER.connect(settings.jdbcUrl(), settings.connectionProperties(role));
        if (c == null) throw new SQLException("the PostgreSQL driver does not accept the URL of " + settings.describe());
        return c;
    }
}
