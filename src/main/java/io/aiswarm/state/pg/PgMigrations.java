package io.aiswarm.state.pg;

import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates or upgrades the store's schema (what `swarm init` runs): the versioned SQL files listed in {@link #ALL},
 * each applied once, in order, in its own transaction, and recorded with its checksum in {@code schema_migrations}.
 * Running it again changes nothing. Concurrent runs (two machines initialising at once) serialize on an advisory lock
 * named after the schema. A database already migrated by a newer AI Swarm, or an applied file that has changed since,
 * is refused with a message saying so, and nothing is touched.
 */
public final class PgMigrations {
    /** One migration: its version, what it does, and the resource holding its SQL. */
    record Migration(int version, String name, String resource) {
        String sql() {
            try (InputStream in = PgMigrations.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("migration " + resource + " is missing from the jar");
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read migration " + resource + ": " + e, e);
            }
        }

        String checksum() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(sql().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every migration this version knows, oldest first. Append only; never edit one that was released. */
    static final List<Migration> ALL = List.of(
            new Migration(1, "shared store: tasks, claims, locks, leases, events, inbox offsets, change signals",
                    "V001__shared_store.sql"));

    /** What a run found and did. */
    public record Report(int versionBefore, int versionAfter, List<Integer> applied) {
    }

    private final PgSettings settings;

    public PgMigrations(PgSettings settings) {
        this.settings = settings;
    }

    /** The newest version this build knows. */
    public static int latestVersion() {
        return ALL.get(ALL.size() - 1).version();
    }

    /** Brings the schema to {@link #latestVersion()}; on its own connection, so that a session's state is not touched. */
    public Report migrate() {
        try (Connection c = PgConnector.open(settings, "init")) {
            return migrate(c);
        } catch (SQLException e) {
            throw SqlErrors.translate("migrate the schema", e, settings);
        }
    }

    /** The schema's version: 0 when it was never migrated. */
    public int currentVersion(Connection c) throws SQLException {
        return applied(c).keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private Report migrate(Connection c) throws SQLException {
        c.setAutoCommit(true);
        long lockKey = lockKey(settings.schema());
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, lockKey);
            lock.execute();
        }
        try {
            createBookkeeping(c);
            Map<Integer, String> done = applied(c);
            int before = done.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            check(done, before);
            List<Integer> applied = new ArrayList<>();
            for (Migration m : ALL) {
                if (done.containsKey(m.version())) continue;
                apply(c, m);
                applied.add(m.version());
            }
            return new Report(before, latestVersion(), applied);
        } finally {
            try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, lockKey);
                unlock.execute();
            }
        }
    }

    private void createBookkeeping(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + quoted(settings.schema()));
            s.execute("CREATE TABLE IF NOT EXISTS " + quoted(settings.schema()) + ".schema_migrations ("
                    + "version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
                    + " applied_at timestamptz NOT NULL)");
        }
    }

    /** version → checksum of every applied migration; empty when the bookkeeping table does not exist yet. */
    private Map<Integer, String> applied(Connection c) throws SQLException {
        Map<Integer, String> done = new LinkedHashMap<>();
        try (PreparedStatement exists = c.prepareStatement(
                "SELECT 1 FROM pg_tables WHERE schemaname = ? AND tablename = 'schema_migrations'")) {
            exists.setString(1, settings.schema());
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) return done;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT version, checksum FROM " + quoted(settings.schema()) + ".schema_migrations ORDER BY version")) {
            while (rs.next()) done.put(rs.getInt(1), rs.getString(2));
        }
        return done;
    }

    private void check(Map<Integer, String> done, int current) {
        if (current > latestVersion()) {
            throw new SwarmStateException("schema " + settings.schema() + " in " + settings.describe()
                    + " is at version " + current + ", newer than this AI Swarm knows (" + latestVersion()
                    + "): upgrade AI Swarm on this machine; nothing was changed");
        }
        for (Migration m : ALL) {
            String sum = done.get(m.version());
            if (sum != null && !sum.equals(m.checksum())) {
                throw new SwarmStateException("schema " + settings.schema() + " in " + settings.describe()
                        + ": migration " + m.version() + " (" + m.resource() + ") was applied from a different text"
                        + " than this AI Swarm carries; the schema was changed by another build: use that build, or"
                        + " a fresh schema (" + PgSettings.ENV_SCHEMA + "); nothing was changed");
            }
        }
    }

    private void apply(Connection c, Migration m) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL search_path TO " + quoted(settings.schema()));
            s.execute(m.sql());
            try (PreparedStatement record = c.prepareStatement("INSERT INTO schema_migrations (version, name,"
                    + " checksum, applied_at) VALUES (?, ?, ?, now())")) {
                record.setInt(1, m.version());
                record.setString(2, m.name());
                record.setString(3, m.checksum());
                record.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The advisory lock's key: 64 bits of a hash of the schema name, so that other schemas' runs do not wait. */
    static long lockKey(String schema) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("ai-swarm migrations " + schema).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(h).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A validated schema name (see {@link PgSettings}) as an SQL identifier. */
    static String quoted(String schema) {
        return '"' + schema + '"';
    }
}
