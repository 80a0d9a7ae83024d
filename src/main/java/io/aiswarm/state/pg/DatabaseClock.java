package io.aiswarm.state.pg;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One time for every machine: leases and claims expire by the times their writers compute, so machines whose clocks
 * disagree would take each other's leases early or late. This clock is the local clock shifted by its measured offset
 * from the database server's ({@code clock_timestamp()}, read at the midpoint of a round trip; the best of a few
 * tries, the one with the shortest round trip). Measure it at start and now and then (clocks drift).
 */
public final class DatabaseClock {
    private static final int TRIES = 5;

    private DatabaseClock() {
    }

    /** {@code local} shifted to the database server's time, as measured now over {@code db}. */
    public static Clock aligned(PgSession db, Clock local) {
        return Clock.offset(local, offset(db, local));
    }

    /** The database's time minus the local clock's, from the try with the shortest round trip. */
    public static Duration offset(PgSession db, Clock local) {
        return db.read("read the database's clock", c -> {
            Duration best = null;
            long bestTrip = Long.MAX_VALUE;
            try (PreparedStatement ps = c.prepareStatement("SELECT clock_timestamp()")) {
                for (int i = 0; i < TRIES; i++) {
                    Instant sent = local.instant();
                    Instant server;
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        server = rs.getObject(1, OffsetDateTime.class).toInstant();
                    }
                    Instant received = local.instant();
                    long trip = Duration.between(sent, received).toNanos();
                    if (trip < bestTrip) {
                        bestTrip = trip;
                        best = Duration.between(sent.plusNanos(trip / 2), server);
                    }
                }
            }
            return best;
        });
    }
}
