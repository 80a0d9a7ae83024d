package io.aiswarm.web;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may do what on the web page. On a loopback address anyone who reaches it may look (the Host header must name
 * a loopback host, so another site cannot rebind its name to this port); elsewhere every request needs the token:
 * {@code Authorization: Bearer TOKEN}, or the cookie set by opening {@code /?token=TOKEN}. An action (a POST)
 * with the bearer token needs nothing more; otherwise it must come from the page itself: the page's CSRF token in
 * {@code X-CSRF-Token}, and an Origin (when the browser sends one) equal to the page's.
 */
final class WebAccess {
    static final String COOKIE = "swarm_token";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final String token; // null: none made (loopback only)
    private final boolean tokenRequired;
    private final String csrf = WebToken.random(24);

    WebAccess(String token, boolean tokenRequired) {
        if (tokenRequired && token == null) throw new IllegalArgumentException("a token is required beyond loopback");
        this.token = token;
        this.tokenRequired = tokenRequired;
    }

    String csrf() {
        return csrf;
    }

    /** Allowed, with how the caller proved itself; or refused, with the HTTP status and why. */
    record Verdict(boolean allowed, int status, String reason, String who) {
        static Verdict allow(String who) {
            return new Verdict(true, 200, "", who);
        }

        static Verdict refuse(int status, String reason) {
            return new Verdict(false, status, reason, "");
        }
    }

    Verdict check(Headers headers, boolean action) {
        if (!tokenRequired && !loopbackHost(headers.getFirst("Host"))) {
            return Verdict.refuse(403, "this page answers only to a loopback host name (127.0.0.1, localhost)");
        }
        if (matches(bearer(headers))) return Verdict.allow("token");
        boolean cookie = matches(cookie(headers));
        if (tokenRequired && !cookie) {
            return Verdict.refuse(401, "a token is needed: open the address `swarm serve` printed (…/?token=…), or "
                    + "send Authorization: Bearer TOKEN (the token is in web.token in the swarm directory)");
        }
        String who = cookie ? "page (token cookie)" : "page (same origin)";
        if (!action) return Verdict.allow(who);
        if (!equal(csrf, headers.getFirst(CSRF_HEADER))) {
            return Verdict.refuse(403, "an action needs the page's " + CSRF_HEADER + " header or the bearer token");
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !sameOrigin(origin, headers.getFirst("Host"))) {
            return Verdict.refuse(403, "cross-origin action refused (Origin " + origin + ")");
        }
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return Verdict.refuse(403, "cross-site action refused (Sec-Fetch-Site " + site + ")");
        }
        return Verdict.allow(who);
    }

    /** The token given in a URL (?token=…), which then becomes a cookie. */
    boolean accepts(String given) {
        return matches(given);
    }

    private boolean matches(String given) {
        return token != null && equal(token, given);
    }

    private static boolean equal(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(Headers headers) {
        String auth = headers.getFirst("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
    }

    private static String cookie(Headers headers) {
        List<String> cookies = headers.get("Cookie");
        if (cookies == null) return null;
        for (String header : cookies) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(COOKIE + "=")) return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    static boolean loopbackHost(String host) {
        if (host == null) return false;
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(0, end + 1);
        } else if (name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        return LOOPBACK_HOSTS.contains(name) || name.startsWith("127.");
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI o = URI.create(origin);
            return host != null && "http".equals(o.getScheme()) && host.equalsIgnoreCase(o.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
