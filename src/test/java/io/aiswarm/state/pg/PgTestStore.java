package io.aiswarm.state.pg;

import io.aiswarm.testing.PrivatePostgres;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A new database on a private server, migrated, and sessions on it as the masters of named machines. */
final class PgTestStore implements AutoCloseable {
    final PrivatePostgres pg;
    final String database;
    private final List<AutoCloseable> open = new ArrayList<>();

    private PgTestStore(PrivatePostgres pg, String database) {
        this.pg = pg;
        this.database = database;
    }

    /** A new, migrated database on {@code pg}. */
    static PgTestStore fresh(PrivatePostgres pg) {
        PgTestStore store = new PgTestStore(pg, pg.createDatabase());
        new PgMigrations(store.settings("init")).migrate();
        return store;
    }

    /** What a machine named {@code host} has in its environment. */
    Map<String, String> env(String host) {
        Map<String, String> env = new HashMap<>(pg.storeEnv(database));
        env.put(PgSettings.ENV_HOST, host);
        env.put("HOME", System.getProperty("java.io.tmpdir")); // no developer's ~/.pgpass
        return env;
    }

    PgSettings settings(String host) {
        return PgSettings.from(env(host));
    }

    PgSession session(String host, Clock clock) {
        PgSession s = new PgSession(settings(host), "test", clock);
        open.add(s);
        return s;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }
}
