package io.aiswarm.api;

import io.aiswarm.view.Requester;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One API call, whatever carried it (HTTP or the master's local socket).
 *
 * @param path        without the query, e.g. /api/tasks/task-000001
 * @param query       decoded query parameters
 * @param lastEventId an event stream's Last-Event-ID, null when none
 */
public record ApiRequest(String method, String path, Map<String, String> query, String body, Requester requester,
                         String lastEventId) {
    public ApiRequest {
        query = Map.copyOf(query);
        body = body == null ? "" : body;
    }

    /** From a request target such as {@code /api/tasks?status=pending&q=make}. */
    public static ApiRequest of(String method, String target, String body, Requester requester, String lastEventId) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return new ApiRequest(method, path, query, body, requester, lastEventId);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad escape in the query: '" + s + "'");
        }
    }

    public String param(String name, String otherwise) {
        String v = query.get(name);
        return v == null || v.isEmpty() ? otherwise : v;
    }

    public int intParam(String name, int otherwise, int min, int max) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) return otherwise;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // the message below
        }
        throw new IllegalArgumentException("query parameter " + name + "=" + v + ": give a whole number from " + min
                + " to " + max);
    }
}
