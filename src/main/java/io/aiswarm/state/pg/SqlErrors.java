package io.aiswarm.state.pg;

import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.sql.SQLException;

/** What a failed statement means for the caller, and a message that names the store and says what to do. */
final class SqlErrors {
    private SqlErrors() {
    }

    /** The connection is gone or the server cannot serve now: retry later on a new connection. */
    static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"))) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) return true;
        }
        return false;
    }

    /** A serialization failure or deadlock: the transaction was rolled back and may simply run again. */
    static boolean isRetryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** The exception to throw for {@code e}, raised while doing {@code what} on the store of {@code settings}. */
    static SwarmStateException translate(String what, SQLException e, PgSettings settings) {
        String where = settings.describe();
        String message = "cannot " + what + " in " + where + ": " + e.getMessage() + hint(e, settings);
        return isUnavailable(e) ? new StoreUnavailableException(message, e) : new SwarmStateException(message, e);
    }

    private static String hint(SQLException e, PgSettings settings) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "28P01", "28000" -> "; give the password of user " + settings.user() + " in PGPASSWORD or in ~/.pgpass"
                    + " (mode 0600, a line HOST:PORT:DATABASE:USER:PASSWORD), or check the user in "
                    + PgSettings.ENV_STORE;
            case "3D000" -> "; create the database (createdb) or fix its name in " + PgSettings.ENV_STORE;
            case "42P01", "3F000" -> "; the store's tables are missing: run `swarm init` to create schema "
                    + settings.schema();
            case "08001", "08004", "08006" -> "; is the server running and reachable? AI Swarm retries with backoff";
            default -> "";
        };
    }
}
