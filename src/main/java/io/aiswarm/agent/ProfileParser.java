package io.aiswarm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns one merged profile object into an {@link AgentProfile}; every error names the source and the field. */
final class ProfileParser {
    private final String name;
    private final String source;

    private ProfileParser(String name, String source) {
        this.name = name;
        this.source = source;
    }

    static AgentProfile parse(String name, JsonNode node, String source) {
        return new ProfileParser(name, source).profile(node);
    }

    private AgentProfile profile(JsonNode node) {
        known(node, "", "description", "command", "env", "submit", "screen", "seed", "approveKeys", "answer", "extends",
                "clear", "limit");
        String description = node.path("description").asText("");
        List<String> command = strings(node.get("command"), "command");
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = node.get("env");
        if (envNode != null && !envNode.isNull()) {
            if (!envNode.isObject()) throw error("env", "expected an object of NAME: value strings");
            envNode.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode()) throw error("env." + e.getKey(), "expected a string");
                env.put(e.getKey(), e.getValue().asText());
            });
        }
        JsonNode submit = node.path("submit");
        known(submit, "submit.", "enterDelayMillis", "pasteAboveChars");
        SubmitSpec spec = new SubmitSpec(integer(submit, "submit.", "enterDelayMillis", SubmitSpec.DEFAULT.enterDelayMillis()),
                integer(submit, "submit.", "pasteAboveChars", SubmitSpec.DEFAULT.pasteAboveChars()));
        JsonNode answer = node.path("answer");
        known(answer, "answer.", "select", "cancel");
        AnswerKeys keys;
        try {
            keys = new AnswerKeys(answer.path("select").asText(null), answer.path("cancel").asText(null));
        } catch (IllegalArgumentException e) {
            throw error("answer.select", e.getMessage());
        }
        JsonNode clear = node.path("clear");
        if (!clear.isMissingNode() && !clear.isNull() && !clear.isTextual()) {
            throw error("clear", "expected the text that starts a fresh conversation, e.g. \"/clear\" (\"\": restart the agent)");
        }
        JsonNode limit = node.path("limit");
        known(limit, "limit.", "prompt", "dialogKeys", "backoffSeconds");
        LimitSpec limitSpec = new LimitSpec(limit.path("prompt").asText(null),
                strings(limit.get("dialogKeys"), "limit.dialogKeys"),
                integer(limit, "limit.", "backoffSeconds", LimitSpec.DEFAULT.backoffSeconds()));
        return new AgentProfile(name, description, command, env, spec, screen(node.path("screen")),
                seed(node.get("seed")), strings(node.get("approveKeys"), "approveKeys"), keys, source,
                clear.asText(""), limitSpec);
    }

    private ScreenRules screen(JsonNode s) {
        known(s, "screen.", "idle", "busy", "waiting", "finished", "echo", "input", "placeholders", "waitingDetail",
                "bottomLines", "limited", "limitResets");
        JsonNode input = s.get("input");
        Pattern inputPattern = input == null || input.isNull() ? null : regex(input, "screen.input", Pattern.MULTILINE);
        return new ScreenRules(regexes(s, "idle"), regexes(s, "busy"), regexes(s, "waiting"), regexes(s, "finished"), regexes(s, "echo"),
                inputPattern, regexes(s, "placeholders"), regexes(s, "waitingDetail"), integer(s, "screen.", "bottomLines", 30),
                regexes(s, "limited"), regexes(s, "limitResets"));
    }

    private List<SeedStep> seed(JsonNode seed) {
        List<SeedStep> steps = new ArrayList<>();
        if (seed == null || seed.isNull()) return steps;
        if (!seed.isArray()) throw error("seed", "expected an array of {\"file\":…, \"json\":{…}} or {\"file\":…, \"text\":…}");
        for (int i = 0; i < seed.size(); i++) {
            JsonNode step = seed.get(i);
            String field = "seed[" + i + "]";
            known(step, field + ".", "file", "json", "text", "unlessContains");
            if (!step.path("file").isTextual()) throw error(field + ".file", "expected a file path string");
            JsonNode json = step.get("json");
            JsonNode text = step.get("text");
            if ((json == null) == (text == null)) throw error(field, "give exactly one of \"json\" (an object) or \"text\"");
            if (json != null && !json.isObject()) throw error(field + ".json", "expected an object to merge");
            steps.add(new SeedStep(step.get("file").asText(), json, text == null ? null : text.asText(),
                    step.path("unlessContains").asText(null)));
        }
        return steps;
    }

    private List<Pattern> regexes(JsonNode screen, String key) {
        JsonNode list = screen.get(key);
        List<Pattern> out = new ArrayList<>();
        if (list == null || list.isNull()) return out;
        if (!list.isArray()) throw error("screen." + key, "expected an array of regexes");
        for (int i = 0; i < list.size(); i++) {
            out.add(regex(list.get(i), "screen." + key + "[" + i + "]", Pattern.MULTILINE));
        }
        return out;
    }

    private Pattern regex(JsonNode node, String field, int flags) {
        if (!node.isTextual()) throw error(field, "expected a regex string");
        try {
            return Pattern.compile(node.asText(), flags);
        } catch (PatternSyntaxException e) {
            throw error(field, "bad regex '" + node.asText() + "': " + e.getDescription());
        }
    }

    private List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        if (!node.isArray()) throw error(field, "expected an array of strings, e.g. [\"claude\", \"--verbose\"]");
        for (JsonNode item : node) {
            if (!item.isTextual()) throw error(field, "expected strings only, found " + item);
            out.add(item.asText());
        }
        return out;
    }

    private int integer(JsonNode parent, String prefix, String key, int fallback) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.canConvertToInt() || v.asInt() < 0) throw error(prefix + key, "expected a non-negative integer, got " + v);
        return v.asInt();
    }

    private void known(JsonNode node, String prefix, String... keys) {
        if (node == null || !node.isObject()) {
            if (node == null || node.isMissingNode() || node.isNull()) return;
            throw error(prefix.isEmpty() ? "(profile)" : prefix.substring(0, prefix.length() - 1), "expected an object");
        }
        List<String> allowed = List.of(keys);
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) throw error(prefix + k, "unknown field; expected one of " + allowed);
        });
    }

    private IllegalArgumentException error(String field, String what) {
        return new IllegalArgumentException(source + ": agents." + name + "." + field + ": " + what);
    }
}
