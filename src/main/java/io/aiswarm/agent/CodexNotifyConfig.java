package io.aiswarm.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sets Codex's top-level {@code notify} in its config.toml (Codex runs it at the end of every turn, with a JSON
 * payload as the last argument). A top-level key must come before the first table, so the line goes at the top.
 * A notify of the user's own is never replaced: that is refused with what to do. The rest of the file is kept.
 */
final class CodexNotifyConfig {
    private static final Pattern NOTIFY = Pattern.compile("^\\s*notify\\s*=");
    private static final Pattern TABLE = Pattern.compile("^\\s*\\[");

    private CodexNotifyConfig() {
    }

    static void install(Path config, Path script) {
        String text = TextFiles.readOrEmpty(config);
        List<String> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : text.split("\n", -1)) {
            if (TABLE.matcher(line).find()) inTable = true;
            if (!inTable && NOTIFY.matcher(line).find()) {
                if (!line.contains(HookScript.FILE_NAME)) {
                    throw new IllegalArgumentException(config + ": already sets its own `" + line.strip()
                            + "`; Codex takes one notify command: remove it (or chain it from your script), then run"
                            + " again. The file is unchanged.");
                }
                continue; // our earlier line: replaced below
            }
            out.add(line);
        }
        String ours = "notify = [\"sh\", " + tomlString(script.toAbsolutePath().toString())
                + ", \"codex\", \"agent-turn-complete\", \"DONE\", \"arg\"]  # added by swarm hooks install";
        String body = String.join("\n", out);
        TextFiles.replace(config, ours + "\n" + (body.isEmpty() || body.endsWith("\n") ? body : body + "\n"));
    }

    private static String tomlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
