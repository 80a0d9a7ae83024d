package io.aiswarm.cli;

import io.aiswarm.testing.PrivatePostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Several machines on this host sharing one store: a private PostgreSQL server of their own (tests may crash and
 * restart it), a database, and a {@link SwarmMachine} per host name; all stopped on close.
 */
final class SharedStoreCluster implements AutoCloseable {
    final PrivatePostgres pg;
    final String database;
    final List<SwarmMachine> machines = new ArrayList<>();

    private SharedStoreCluster(PrivatePostgres pg) {
        this.pg = pg;
        this.database = pg.createDatabase();
    }

    /** The server, its database, and machines {@code hosts} with {@code settings} (AI_SWARM_*) in their environment. */
    static SharedStoreCluster start(Path root, Map<String, String> settings, String... hosts) throws IOException {
        SharedStoreCluster cluster = new SharedStoreCluster(PrivatePostgres.start());
        try {
            Map<String, String> shared = new HashMap<>(cluster.pg.storeEnv(cluster.database));
            shared.putAll(settings);
            for (String host : hosts) cluster.machines.add(new SwarmMachine(host, root, shared));
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    SwarmMachine machine(int i) {
        return machines.get(i);
    }

    /** How many tasks match {@code where} (SQL on the tasks table). */
    int count(String where) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM ai_swarm.tasks WHERE " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Tasks per status. */
    Map<String, Integer> statuses() throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, count(*) FROM ai_swarm.tasks GROUP BY status")) {
            while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
        }
        return out;
    }

    @Override
    public void close() {
        machines.forEach(SwarmMachine::close);
        pg.close();
    }
}
