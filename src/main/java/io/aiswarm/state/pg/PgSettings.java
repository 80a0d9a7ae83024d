package io.aiswarm.state.pg;

import io.aiswarm.state.ProcessInfo;
import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The shared store's settings, from the environment: {@code AI_SWARM_STORE} (where), {@code AI_SWARM_HOST} (which
 * machine this is; default its host name), {@code AI_SWARM_PG_SCHEMA} (the one schema every object lives in; default
 * {@code ai_swarm}), and the password from {@code PGPASSWORD} or, when that is unset, the driver's reading of
 * {@code PGPASSFILE} / {@code ~/.pgpass}. The password is held only to hand it to the driver: no method returns or
 * prints it.
 */
public final class PgSettings {
    public static final String ENV_STORE = StoreUrl.ENV;
    public static final String ENV_HOST = "AI_SWARM_HOST";
    public static final String ENV_SCHEMA = "AI_SWARM_PG_SCHEMA";
    public static final String DEFAULT_SCHEMA = "ai_swarm";
    /** The longest schema name: its change channel ({@code <schema>_changes}) must fit PostgreSQL's 63 bytes. */
    static final int MAX_SCHEMA = 48;

    private final StoreUrl url;
    private final String user;
    private final String host;
    private final String schema;
    private final String password;

    private PgSettings(StoreUrl url, String user, String host, String schema, String password) {
        this.url = url;
        this.user = user;
        this.host = host;
        this.schema = schema;
        this.password = password;
    }

    /** True when AI_SWARM_STORE asks for PostgreSQL. */
    public static boolean configured(Map<String, String> env) {
        return StoreUrl.isPostgres(env.get(ENV_STORE));
    }

    public static PgSettings from(Map<String, String> env) {
        String store = env.getOrDefault(ENV_STORE, "");
        if (store.isBlank()) {
            throw new SwarmStateException(ENV_STORE + " is not set; set it to postgresql://USER@HOST:PORT/DATABASE to"
                    + " share one queue between machines");
        }
        StoreUrl url = StoreUrl.parse(store);
        String user = url.user() != null ? url.user() : firstSet(env, "PGUSER", "USER");
        if (user == null) user = System.getProperty("user.name");
        String password = env.get("PGPASSWORD");
        if (password == null || password.isEmpty()) {
            password = null;
            checkPasswordFilePrivate(env);
        }
        return new PgSettings(url, user, host(env), schema(env), password);
    }

    static String host(Map<String, String> env) {
        String given = env.getOrDefault(ENV_HOST, "");
        String name = given.isBlank() ? ProcessInfo.HOST : given.trim();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new SwarmStateException(given.isBlank()
                    ? "this machine's host name '" + name + "' cannot name it in the shared store; set " + ENV_HOST
                            + " to a name of letters, digits, '.', '_' or '-' (at most 64), e.g. build-1"
                    : ENV_HOST + "='" + name + "' is not allowed: use letters, digits, '.', '_' or '-' (at most 64,"
                            + " starting with a letter or digit), e.g. build-1");
        }
        return name;
    }

    static String schema(Map<String, String> env) {
        String given = env.getOrDefault(ENV_SCHEMA, "");
        String name = given.isBlank() ? DEFAULT_SCHEMA : given.trim();
        if (!name.matches("[a-z_][a-z0-9_]{0," + (MAX_SCHEMA - 1) + "}") || name.startsWith("pg_")) {
            throw new SwarmStateException(ENV_SCHEMA + "='" + name + "' is not allowed: use 1 to " + MAX_SCHEMA
                    + " lower-case letters, digits or '_', starting with a letter or '_' and not with 'pg_'"
                    + " (default " + DEFAULT_SCHEMA + ")");
        }
        return name;
    }

    /** libpq ignores a password file that others can read; we refuse it, saying so, rather than let the driver use it. */
    private static void checkPasswordFilePrivate(Map<String, String> env) {
        String named = env.getOrDefault("PGPASSFILE", "");
        Path file = !named.isBlank() ? Path.of(named)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".pgpass");
        try {
            if (!Files.isRegularFile(file)) return;
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new SwarmStateException("the password file " + file + " can be read or written by other"
                            + " users; run `chmod 600 " + file + "` (libpq ignores such a file, and so does AI Swarm)");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // unreadable or not POSIX: the driver will fail to use it and say so
        }
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    /**
     * What the driver gets besides the URL: the user, the password (when PGPASSWORD gave one), the schema as the
     * only entry of the search path, this machine and {@code role} as the application name (visible in
     * pg_stat_activity), keepalives, and timeouts so that a lost server is noticed instead of waited on forever.
     */
    Properties connectionProperties(String role) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("currentSchema", schema);
        p.setProperty("ApplicationName", "ai-swarm " + role + " @" + host);
        p.setProperty("tcpKeepAlive", "true");
        if (!url.params().containsKey("connectTimeout")) p.setProperty("connectTimeout", "10");
        if (!url.params().containsKey("socketTimeout")) p.setProperty("socketTimeout", "60");
        return p;
    }

    String jdbcUrl() {
        return url.jdbcUrl();
    }

    public String host() {
        return host;
    }

    public String schema() {
        return schema;
    }

    public String user() {
        return user;
    }

    /** The channel the store's triggers notify on (see the migrations). */
    public String changeChannel() {
        return schema + "_changes";
    }

    /** Where and as whom, for messages and status: never the password. */
    public String describe() {
        return "postgresql://" + user + "@" + url.hosts() + "/" + url.database() + " (schema " + schema + ")";
    }

    @Override
    public String toString() {
        return describe() + " as host " + host;
    }
}
