package io.aiswarm.state.pg;

import io.aiswarm.state.SwarmStateException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The value of {@code AI_SWARM_STORE} as the JDBC driver needs it: {@code postgresql://user@host:port/db?params} (or
 * {@code postgres://}, as libpq writes it) or {@code jdbc:postgresql://host:port/db?user=...&params}. The driver's
 * parameters (sslmode, sslrootcert, sslcert, sslkey, connectTimeout, ...) pass through unchanged. A password is
 * refused: it would sit in the environment of every process and in any message that echoes the URL; it comes from
 * PGPASSWORD or ~/.pgpass instead. The schema is refused too: {@code AI_SWARM_PG_SCHEMA} names it.
 */
public record StoreUrl(String jdbcUrl, String user, String hosts, String database, Map<String, String> params) {
    static final String ENV = "AI_SWARM_STORE";
    private static final String JDBC = "jdbc:postgresql://";
    private static final Set<String> SCHEMES = Set.of("postgresql://", "postgres://");
    private static final Set<String> REFUSED = Set.of("currentschema", "options");

    public StoreUrl {
        params = Map.copyOf(params);
    }

    /** True when {@code value} is meant as a PostgreSQL URL (so AI_SWARM_STORE selects this store). */
    public static boolean isPostgres(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return v.startsWith(JDBC) || SCHEMES.stream().anyMatch(v::startsWith);
    }

    public static StoreUrl parse(String value) {
        String raw = value == null ? "" : value.trim();
        String lower = raw.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith(JDBC)) {
            rest = raw.substring(JDBC.length());
        } else if (SCHEMES.stream().anyMatch(lower::startsWith)) {
            rest = raw.substring(raw.indexOf("://") + 3);
        } else {
            throw bad("is not a PostgreSQL URL; use postgresql://USER@HOST:PORT/DATABASE (or a jdbc:postgresql:// URL),"
                    + " or unset it to use the file store");
        }
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String location = q < 0 ? rest : rest.substring(0, q);
        int slash = location.indexOf('/');
        String authority = slash < 0 ? location : location.substring(0, slash);
        String database = slash < 0 ? "" : decode(location.substring(slash + 1));
        Map<String, String> params = params(query);
        String user = params.remove("user");
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            if (userInfo.contains(":")) throw passwordGiven();
            if (user != null) throw bad("names the user twice (before '@' and as ?user=); keep one");
            user = decode(userInfo);
        }
        if (authority.isEmpty()) {
            throw bad("names no host; give one, e.g. postgresql://swarm@db.internal:5432/swarm (the driver does not"
                    + " use unix sockets)");
        }
        if (!authority.matches("[A-Za-z0-9._:\\[\\],%-]+")) {
            throw bad("has an unusual host part; give host:port (several as host1:port,host2:port; IPv6 in [ ])");
        }
        if (database.isEmpty() || database.contains("/")) {
            throw bad("names no database; end it with /DATABASE, e.g. postgresql://swarm@db.internal:5432/swarm");
        }
        if (user != null && user.isBlank()) user = null;
        StringBuilder jdbc = new StringBuilder(JDBC).append(authority).append('/').append(encodePath(database));
        String separator = "?";
        for (var p : params.entrySet()) {
            jdbc.append(separator).append(p.getKey()).append('=').append(p.getValue());
            separator = "&";
        }
        return new StoreUrl(jdbc.toString(), user, authority, database, params);
    }

    /** For messages and status: the URL without anything secret (a password is never accepted into it). */
    public String display() {
        return "postgresql://" + (user == null ? "" : user + "@") + hosts + "/" + database;
    }

    /** The query's parameters in order, raw (the driver decodes them); password, schema and options refused. */
    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.isEmpty()) return params;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String val = eq < 0 ? "" : pair.substring(eq + 1);
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("password") || key.equals("sslpassword")) throw passwordGiven();
            if (key.equals("user")) {
                params.put("user", decode(val));
                continue;
            }
            if (REFUSED.contains(key)) {
                throw bad("sets '" + name + "'; the store's schema is set by AI_SWARM_PG_SCHEMA (default ai_swarm)");
            }
            if (!name.matches("[A-Za-z][A-Za-z0-9_.]*")) throw bad("has a parameter named '" + name + "'; check the URL");
            params.put(name, val);
        }
        return params;
    }

    private static SwarmStateException passwordGiven() {
        // never echo the value: it holds the password
        return new SwarmStateException(ENV + " holds a password; remove it from the URL and give it in PGPASSWORD or"
                + " ~/.pgpass (mode 0600, a line HOST:PORT:DATABASE:USER:PASSWORD) instead, so that it never shows in"
                + " process listings, logs or status");
    }

    private static SwarmStateException bad(String why) {
        return new SwarmStateException(ENV + " " + why);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad("has a bad %-escape; check the URL");
        }
    }

    private static String encodePath(String database) {
        StringBuilder out = new StringBuilder();
        for (byte b : database.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }
}
