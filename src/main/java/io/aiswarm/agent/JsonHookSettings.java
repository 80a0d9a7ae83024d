package io.aiswarm.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiswarm.state.Json;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Adds AI Swarm's hooks to a JSON settings file in the layout Claude Code and Gemini CLI share:
 * {@code {"hooks": {"Stop": [{"matcher": "...", "hooks": [{"type": "command", "command": "..."}]}]}}}.
 * Everything else in the file is kept; our earlier entries (recognised by the script name) are replaced, so
 * installing twice leaves one copy. An unparsable file is refused and left untouched.
 */
final class JsonHookSettings {

    private JsonHookSettings() {
    }

    static void install(Path settings, Path script, String agent, List<HookEvent> events) {
        ObjectNode root = read(settings);
        JsonNode hooksNode = root.get("hooks");
        if (hooksNode != null && !hooksNode.isObject()) {
            throw new IllegalArgumentException(settings + ": \"hooks\" is not an object; fix it by hand, then run again");
        }
        ObjectNode hooks = hooksNode == null ? root.putObject("hooks") : (ObjectNode) hooksNode;
        for (HookEvent e : events) {
            JsonNode listNode = hooks.get(e.event());
            if (listNode != null && !listNode.isArray()) {
                throw new IllegalArgumentException(settings + ": hooks." + e.event()
                        + " is not an array; fix it by hand, then run again");
            }
            ArrayNode list = listNode == null ? hooks.putArray(e.event()) : (ArrayNode) listNode;
            removeOurs(list);
            ObjectNode group = list.addObject();
            if (e.matcher() != null) group.put("matcher", e.matcher());
            group.putArray("hooks").addObject().put("type", "command")
                    .put("command", HookScript.command(script, agent, e.event(), e.state()));
        }
        try {
            TextFiles.replace(settings, Json.PRETTY.writeValueAsString(root) + "\n");
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void removeOurs(ArrayNode groups) {
        for (Iterator<JsonNode> it = groups.iterator(); it.hasNext(); ) {
            JsonNode group = it.next();
            JsonNode inner = group.path("hooks");
            if (!inner.isArray()) continue;
            for (Iterator<JsonNode> h = inner.iterator(); h.hasNext(); ) {
                if (h.next().path("command").asText("").contains(HookScript.FILE_NAME)) h.remove();
            }
            if (inner.isEmpty()) it.remove();
        }
    }

    private static ObjectNode read(Path settings) {
        String text = TextFiles.readOrEmpty(settings);
        if (text.isBlank()) return Json.MAPPER.createObjectNode();
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node instanceof ObjectNode obj) return obj;
            throw new IllegalArgumentException(settings + ": expected a JSON object at the top; left unchanged");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(settings + ": not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage()
                    + "; left unchanged: fix it, then run again");
        }
    }
}
