package io.aiswarm.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.aiswarm.state.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs a profile's first-run steps before its agent starts (onboarding done, API key approved, folder trusted), so
 * no first-run screen ever needs typing. JSON files are merged (nothing of the user's is dropped; an unparsable
 * file is refused and left as it is); text is appended once.
 */
public final class AgentSeeder {

    private AgentSeeder() {
    }

    /** Applies every step; returns the files changed. */
    public static List<Path> seed(AgentProfile profile, Placeholders placeholders) {
        List<Path> changed = new ArrayList<>();
        for (SeedStep step : profile.seed()) {
            Path file = Path.of(placeholders.expand(step.file()));
            boolean did = step.isJson() ? mergeJson(file, (ObjectNode) expand(step.json(), placeholders), profile)
                    : appendText(file, placeholders.expand(step.text()),
                    step.unlessContains() == null ? null : placeholders.expand(step.unlessContains()));
            if (did) changed.add(file);
        }
        return changed;
    }

    private static boolean mergeJson(Path file, ObjectNode overlay, AgentProfile profile) {
        String text = TextFiles.readOrEmpty(file);
        ObjectNode base;
        try {
            JsonNode node = text.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
            if (!(node instanceof ObjectNode obj)) {
                throw new IllegalArgumentException(file + ": expected a JSON object; left unchanged (seeding for agent '"
                        + profile.name() + "')");
            }
            base = obj;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage() + "; left unchanged: fix it before starting '" + profile.name() + "'");
        }
        ObjectNode before = base.deepCopy();
        JsonMerge.merge(base, overlay, JsonMerge.Arrays.UNION);
        if (base.equals(before)) return false;
        try {
            TextFiles.replace(file, Json.PRETTY.writeValueAsString(base) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }

    private static boolean appendText(Path file, String text, String unlessContains) {
        String current = TextFiles.readOrEmpty(file);
        if (current.contains(unlessContains == null ? text : unlessContains)) return false;
        TextFiles.replace(file, current + text);
        return true;
    }

    /** Placeholders in keys and string values; array strings that expand to nothing are dropped. */
    private static JsonNode expand(JsonNode node, Placeholders ph) {
        if (node.isTextual()) return TextNode.valueOf(ph.expand(node.asText()));
        if (node instanceof ObjectNode obj) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(ph.expand(e.getKey()), expand(e.getValue(), ph));
            }
            return out;
        }
        if (node instanceof ArrayNode arr) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (JsonNode item : arr) {
                JsonNode x = expand(item, ph);
                if (!(x.isTextual() && x.asText().isEmpty())) out.add(x);
            }
            return out;
        }
        return node.deepCopy();
    }
}
