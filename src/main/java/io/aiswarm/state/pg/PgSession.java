package io.aiswarm.state.pg;

import io.aiswarm.state.SwarmStateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One connection to the store, used by one process for everything but listening (measured: one connection per master
 * is enough, see docs/postgresql.md; no pool). Calls are serialized. When the connection is lost the call fails with
 * {@link StoreUnavailableException} and the next call opens a new one, no sooner than a backoff (0.5 s doubling to
 * 30 s) allows: calls in between fail at once, saying when the next attempt is due, so a master keeps its running
 * tasks and reports the outage instead of hanging on the database.
 *
 * <p>A transaction that failed with a serialization failure or a deadlock runs again (its work must therefore be
 * repeatable: pure functions of what it reads). One whose connection broke is not retried: it may have committed.
 */
public final class PgSession implements AutoCloseable {
    /** The work of one transaction, on the session's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final int MAX_TRIES = 5;

    private final PgSettings settings;
    private final String role;
    private final Clock clock;
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private Connection connection;
    private String outage;
    private Instant outageSince;

    public PgSession(PgSettings settings, String role, Clock clock) {
        this.settings = settings;
        this.role = role;
        this.clock = clock;
    }

    public PgSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** Runs {@code work} in one transaction and commits it; {@code what} names it in errors ("claim tasks"). */
    public synchronized <T> T transaction(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection c = connection(what);
            try {
                c.setAutoCommit(false);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (SqlErrors.isRetryable(e) && attempt < MAX_TRIES) continue;
                throw failed(what, e);
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    /** Runs {@code work} without a transaction of its own (each statement commits): single-statement reads. */
    public synchronized <T> T read(String what, Work<T> work) {
        Connection c = connection(what);
        try {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    /** Why the store is unavailable and when the next attempt is due, for status; empty while it works. */
    public synchronized Optional<String> problem() {
        if (outage == null) return Optional.empty();
        long wait = Math.max(0, Duration.between(clock.instant(), backoff.nextAttempt()).toMillis());
        return Optional.of("store unavailable since " + outageSince + ": " + outage + "; next attempt in "
                + (wait + 999) / 1000 + " s");
    }

    @Override
    public synchronized void close() {
        drop();
    }

    private Connection connection(String what) {
        if (connection != null) return connection;
        Instant now = clock.instant();
        if (!backoff.due(now)) {
            throw new StoreUnavailableException("cannot " + what + ": " + problem().orElse("store unavailable"), null);
        }
        try {
            connection = PgConnector.open(settings, role);
            backoff.succeeded();
            outage = null;
            outageSince = null;
            return connection;
        } catch (SQLException e) {
            SwarmStateException failure = SqlErrors.translate(what, e, settings);
            if (failure instanceof StoreUnavailableException) noteOutage(now, e);
            throw failure;
        }
    }

    private SwarmStateException failed(String what, SQLException e) {
        SwarmStateException failure = SqlErrors.translate(what, e, settings);
        if (failure instanceof StoreUnavailableException || isClosed()) {
            drop();
            noteOutage(clock.instant(), e);
            if (!(failure instanceof StoreUnavailableException)) {
                return new StoreUnavailableException(failure.getMessage(), e);
            }
        }
        return failure;
    }

    private void noteOutage(Instant now, SQLException e) {
        if (outage == null) outageSince = now;
        outage = e.getMessage();
        backoff.failed(now);
    }

    private boolean isClosed() {
        try {
            return connection == null || connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private void drop() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken: nothing to release
        }
        connection = null;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the server rolls the transaction back itself
        }
    }
}
