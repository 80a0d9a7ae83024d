package io.aiswarm.state.pg;

import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.TaskStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole cluster as the shared store knows it, read in one transaction: every machine's master lease (live or
 * lost), the leader, every worker's last event per machine, the claims, and the queue's totals. What `swarm status`
 * shows on a shared store, from any machine.
 *
 * @param at the database's time of the read (leases are live when they expire after it)
 */
public record PgClusterView(Instant at, List<Lease> machines, Optional<Lease> leader, List<PgEvent> workers,
                            List<TaskClaim> claims, Map<TaskStatus, Integer> queue) {

    public static PgClusterView read(PgSession db) {
        return db.transaction("read the cluster's status", c -> {
            Instant at;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
                rs.next();
                at = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
            List<Lease> machines = new ArrayList<>();
            Lease leader = null;
            for (Lease l : PgLeases.list(c)) {
                if (l.key().kind().equals(Lease.Key.leader().kind())) leader = l;
                else machines.add(l);
            }
            List<TaskClaim> claims = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.COLUMNS + " FROM tasks"
                    + " WHERE host IS NOT NULL ORDER BY host, worker_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) claims.add(TaskRows.row(rs).asClaim());
            }
            Map<TaskStatus, Integer> counts = TaskStatus.count(List.of());
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT status, count(*) FROM tasks GROUP BY status")) {
                while (rs.next()) counts.put(TaskStatus.parse(rs.getString(1)), rs.getInt(2));
            }
            List<PgEvent> workers = PgEvents.lastOfEveryWorker(c).stream().filter(e -> e.event() != null).toList();
            return new PgClusterView(at, machines, Optional.ofNullable(leader), workers, claims, counts);
        });
    }

    /** The claim a machine's worker holds, if any. */
    public Optional<TaskClaim> claimOf(String host, String worker) {
        return claims.stream().filter(c -> c.host().equals(host) && worker.equals(c.workerId())).findFirst();
    }

    /** True when the machine's master lease is live. */
    public boolean isLive(Lease lease) {
        return !lease.isExpired(at);
    }

    /** A worker's last event needs a person (HELP, or WAIT with no HELP yet). */
    public static boolean needsHelp(StatusEvent e) {
        return e.state() == io.aiswarm.state.BroadcastState.HELP || e.state() == io.aiswarm.state.BroadcastState.WAIT;
    }
}
