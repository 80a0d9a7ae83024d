package io.aiswarm.state.pg;

import io.aiswarm.state.ProcessInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Leases in the {@code leases} table: one master per machine ({@link Lease.Key#host}) and one cluster leader
 * ({@link Lease.Key#leader}). A lease is taken when free or expired, with the next epoch; renewed only while still
 * held (a holder that let it expire has lost it, even if nobody took it yet: others may already act on its
 * expiry); released by expiring it now, keeping the row so that epochs never repeat. Times come from the injected
 * clock: give every machine the same one (see {@link DatabaseClock}).
 */
public final class PgLeases {
    private static final String COLUMNS = "kind, name, holder, owner_token, epoch, expires_at";

    private final PgSession db;
    private final Clock clock;

    public PgLeases(PgSession db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The lease for this machine, when it is free or expired; empty while another holder's is live. */
    public Optional<Lease> tryAcquire(Lease.Key key, Duration ttl) {
        return db.transaction("take " + key, c -> {
            Instant now = now();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO leases (kind, name, holder, owner_token,"
                    + " epoch, pid, acquired_at, renewed_at, expires_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)"
                    + " ON CONFLICT (kind, name) DO UPDATE SET holder = EXCLUDED.holder,"
                    + " owner_token = EXCLUDED.owner_token, epoch = leases.epoch + 1, pid = EXCLUDED.pid,"
                    + " acquired_at = EXCLUDED.acquired_at, renewed_at = EXCLUDED.renewed_at,"
                    + " expires_at = EXCLUDED.expires_at WHERE leases.expires_at <= EXCLUDED.acquired_at"
                    + " RETURNING " + COLUMNS)) {
                ps.setString(1, key.kind());
                ps.setString(2, key.name());
                ps.setString(3, db.settings().host());
                ps.setObject(4, UUID.randomUUID());
                ps.setLong(5, ProcessInfo.PID);
                Sql.setInstant(ps, 6, now);
                Sql.setInstant(ps, 7, now);
                Sql.setInstant(ps, 8, now.plus(ttl));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(lease(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The lease with a new expiry; {@link LeaseLostException} when it expired or changed holder. */
    public Lease renew(Lease lease, Duration ttl) {
        return db.transaction("renew " + lease.key(), c -> renew(c, lease, ttl, now()));
    }

    /** Gives the lease up at once (a clean shutdown), when still held; the epoch stays for the next holder to pass. */
    public void release(Lease lease) {
        db.transaction("release " + lease.key(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE leases SET expires_at = ? WHERE kind = ?"
                    + " AND name = ? AND owner_token = ? AND epoch = ? AND expires_at > ?")) {
                Instant now = now();
                Sql.setInstant(ps, 1, now);
                bindKey(ps, 2, lease);
                Sql.setInstant(ps, 6, now);
                return ps.executeUpdate();
            }
        });
    }

    /** The lease as stored, live or expired; empty when it was never taken. */
    public Optional<Lease> read(Lease.Key key) {
        return db.read("read " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM leases WHERE kind = ?"
                    + " AND name = ?")) {
                ps.setString(1, key.kind());
                ps.setString(2, key.name());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(lease(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Every lease, live or expired: the machines of the cluster and its leader, for status. */
    public List<Lease> list() {
        return db.read("list leases", PgLeases::list);
    }

    /** {@link #list()} within the caller's transaction. */
    static List<Lease> list(Connection c) throws SQLException {
        List<Lease> leases = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM leases ORDER BY kind, name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) leases.add(lease(rs));
        }
        return leases;
    }

    /** Renews within the caller's transaction. */
    static Lease renew(Connection c, Lease lease, Duration ttl, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE leases SET renewed_at = ?, expires_at = ?"
                + " WHERE kind = ? AND name = ? AND owner_token = ? AND epoch = ? AND expires_at > ?"
                + " RETURNING " + COLUMNS)) {
            Sql.setInstant(ps, 1, now);
            Sql.setInstant(ps, 2, now.plus(ttl));
            bindKey(ps, 3, lease);
            Sql.setInstant(ps, 7, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return lease(rs);
            }
        }
        throw lost(lease, now);
    }

    /**
     * Checks within the caller's transaction that {@code lease} is still held, and keeps it so until the transaction
     * ends (the row is share-locked: a takeover waits for our commit).
     */
    static void requireHeld(Connection c, Lease lease, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM leases WHERE kind = ? AND name = ?"
                + " AND owner_token = ? AND epoch = ? AND expires_at > ? FOR SHARE")) {
            bindKey(ps, 1, lease);
            Sql.setInstant(ps, 5, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return;
            }
        }
        throw lost(lease, now);
    }

    private static LeaseLostException lost(Lease lease, Instant now) {
        return new LeaseLostException(lease.key() + " (epoch " + lease.epoch() + ", held by " + lease.holder()
                + ") is no longer held at " + now + ": it expired or was taken over; this write was refused");
    }

    /** Binds kind, name, owner token and epoch from parameter {@code from}. */
    private static void bindKey(PreparedStatement ps, int from, Lease lease) throws SQLException {
        ps.setString(from, lease.key().kind());
        ps.setString(from + 1, lease.key().name());
        ps.setObject(from + 2, lease.token());
        ps.setLong(from + 3, lease.epoch());
    }

    private static Lease lease(ResultSet rs) throws SQLException {
        return new Lease(new Lease.Key(rs.getString("kind"), rs.getString("name")), rs.getString("holder"),
                rs.getObject("owner_token", UUID.class), rs.getLong("epoch"), Sql.instant(rs, "expires_at"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
