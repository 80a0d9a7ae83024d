package io.aiswarm.agent;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${workdir}}, {@code ${home}}, {@code ${swarm_home}}, {@code ${codex_home}} ($CODEX_HOME or ~/.codex), {@code ${env:NAME}} and
 * {@code ${last20:NAME}} (the last 20 characters of a variable, as Claude Code stores an approved API key).
 * An unknown placeholder is an error naming it; an unset variable expands to "".
 */
public record Placeholders(Path workdir, Path home, Path swarmHome, Map<String, String> env) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_0-9]+)(?::([A-Za-z_][A-Za-z0-9_]*))?}");

    public String expand(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), m.group(2), text)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String value(String kind, String arg, String text) {
        switch (kind) {
            case "workdir": return workdir.toString();
            case "home": return home.toString();
            case "swarm_home": return swarmHome == null ? "" : swarmHome.toString();
            case "codex_home": {
                String c = env.getOrDefault("CODEX_HOME", "");
                return c.isBlank() ? home.resolve(".codex").toString() : c;
            }
            case "env":
                if (arg != null) return env.getOrDefault(arg, "");
                break;
            case "last20":
                if (arg != null) {
                    String v = env.getOrDefault(arg, "");
                    return v.length() <= 20 ? v : v.substring(v.length() - 20);
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("unknown placeholder ${" + kind + (arg == null ? "" : ":" + arg) + "} in '"
                + text + "': use ${workdir}, ${home}, ${swarm_home}, ${codex_home}, ${env:NAME} or ${last20:NAME}");
    }
}
