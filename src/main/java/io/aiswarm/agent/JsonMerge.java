package io.aiswarm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Deep merge of JSON: objects merge key by key; arrays either gain the elements they lack ({@link Arrays#UNION}:
 * seeding and hooks, so nothing a user wrote is dropped and merging twice changes nothing) or are replaced
 * ({@link Arrays#REPLACE}: profile overrides, so a user can drop a built-in rule); anything else is replaced.
 */
public final class JsonMerge {
    public enum Arrays { UNION, REPLACE }

    private JsonMerge() {
    }

    /** Merges {@code overlay} into {@code base} in place and returns base. */
    public static ObjectNode merge(ObjectNode base, JsonNode overlay, Arrays arrays) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode current = base.get(e.getKey());
            JsonNode incoming = e.getValue();
            if (current instanceof ObjectNode obj && incoming.isObject()) {
                merge(obj, incoming, arrays);
            } else if (arrays == Arrays.UNION && current instanceof ArrayNode arr && incoming.isArray()) {
                union(arr, incoming);
            } else {
                base.set(e.getKey(), incoming.deepCopy());
            }
        }
        return base;
    }

    private static void union(ArrayNode base, JsonNode incoming) {
        for (JsonNode item : incoming) {
            boolean present = false;
            for (JsonNode existing : base) {
                if (existing.equals(item)) {
                    present = true;
                    break;
                }
            }
            if (!present) base.add(item.deepCopy());
        }
    }
}
