package io.aiswarm.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiswarm.state.Json;
import io.aiswarm.state.SafeNames;
import io.aiswarm.state.SwarmConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The agent profiles in force: the built-in ones, then each config file layered on top (later files win).
 * In a file, {@code {"agents": {"NAME": {...}}}}: an entry for an existing name overrides only the fields it gives;
 * a new name may start from another profile with {@code "extends": "claude"}.
 * Files looked at, in order: ~/.config/ai-swarm/agents.json ($XDG_CONFIG_HOME), &lt;swarm dir&gt;/agents.json,
 * then $AI_SWARM_AGENTS_FILE. Every error names the file and the field.
 */
public final class AgentProfiles {
    public static final String ENV_AGENTS_FILE = "AI_SWARM_AGENTS_FILE";
    public static final String FILE_NAME = "agents.json";
    static final String BUILTIN = "builtin-agents.json";

    private final Map<String, AgentProfile> profiles;
    private final List<Path> files;

    private AgentProfiles(Map<String, AgentProfile> profiles, List<Path> files) {
        this.profiles = Collections.unmodifiableMap(profiles);
        this.files = List.copyOf(files);
    }

    public static AgentProfiles builtin() {
        return load(List.of());
    }

    /** Built-in profiles plus the config files that exist for this swarm (see the class comment for the order). */
    public static AgentProfiles load(SwarmConfig config) {
        return load(configFiles(config));
    }

    /** The config files this swarm reads, whether they exist or not, lowest precedence first. */
    public static List<Path> configFiles(SwarmConfig config) {
        Map<String, String> env = config.env();
        List<Path> candidates = new ArrayList<>();
        String xdg = env.getOrDefault("XDG_CONFIG_HOME", "");
        Path userConfig = !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        candidates.add(userConfig.resolve("ai-swarm").resolve(FILE_NAME));
        candidates.add(config.swarmDir().resolve(FILE_NAME));
        String explicit = env.getOrDefault(ENV_AGENTS_FILE, "");
        if (!explicit.isBlank()) {
            Path p = Path.of(explicit).toAbsolutePath();
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(ENV_AGENTS_FILE + "=" + explicit + ": no such file; create it or unset "
                        + ENV_AGENTS_FILE);
            }
            candidates.add(p);
        }
        return candidates;
    }

    /** Built-in profiles with {@code files} layered on top in order; files that do not exist are skipped. */
    public static AgentProfiles load(List<Path> files) {
        Map<String, ObjectNode> raw = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        layer(raw, origin, readBuiltin(), "built-in " + BUILTIN);
        List<Path> used = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) continue;
            layer(raw, origin, readFile(file), file.toString());
            used.add(file);
        }
        Map<String, AgentProfile> compiled = new LinkedHashMap<>();
        for (String name : raw.keySet()) {
            ObjectNode node = resolveExtends(name, raw, origin, new ArrayList<>());
            compiled.put(name, ProfileParser.parse(name, node, origin.get(name)));
        }
        return new AgentProfiles(compiled, used);
    }

    public AgentProfile get(String name) {
        AgentProfile p = profiles.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown agent profile '" + name + "': known profiles are " + names()
                    + "; add one under \"agents\" in " + FILE_NAME + " (config files read: "
                    + (files.isEmpty() ? "none" : files) + ")");
        }
        return p;
    }

    public Set<String> names() {
        return new TreeSet<>(profiles.keySet());
    }

    /** The config files that existed and were applied. */
    public List<Path> files() {
        return files;
    }

    private static void layer(Map<String, ObjectNode> raw, Map<String, String> origin, JsonNode root, String source) {
        JsonNode agents = root.get("agents");
        if (!(root.isObject() && agents != null && agents.isObject())) {
            throw new IllegalArgumentException(source + ": expected an object {\"agents\": {\"NAME\": {...}}} at the top");
        }
        agents.fields().forEachRemaining(e -> {
            if (!SafeNames.isSafe(e.getKey())) {
                throw new IllegalArgumentException(source + ": agents." + e.getKey() + ": this profile name is not allowed: "
                        + SafeNames.RULE);
            }
            if (!e.getValue().isObject()) {
                throw new IllegalArgumentException(source + ": agents." + e.getKey() + ": expected an object");
            }
            ObjectNode existing = raw.get(e.getKey());
            if (existing == null) {
                raw.put(e.getKey(), (ObjectNode) e.getValue().deepCopy());
            } else {
                JsonMerge.merge(existing, e.getValue(), JsonMerge.Arrays.REPLACE);
            }
            origin.put(e.getKey(), source);
        });
    }

    private static ObjectNode resolveExtends(String name, Map<String, ObjectNode> raw, Map<String, String> origin,
                                             List<String> chain) {
        ObjectNode node = raw.get(name);
        JsonNode parent = node.get("extends");
        if (parent == null || parent.isNull()) return node;
        chain.add(name);
        String parentName = parent.asText();
        if (!raw.containsKey(parentName)) {
            throw new IllegalArgumentException(origin.get(name) + ": agents." + name + ".extends: no profile named '"
                    + parentName + "'; known: " + new TreeSet<>(raw.keySet()));
        }
        if (chain.contains(parentName)) {
            throw new IllegalArgumentException(origin.get(name) + ": agents." + name + ".extends: cycle " + chain
                    + " -> " + parentName);
        }
        ObjectNode merged = resolveExtends(parentName, raw, origin, chain).deepCopy();
        JsonMerge.merge(merged, node, JsonMerge.Arrays.REPLACE);
        merged.remove("extends");
        return merged;
    }

    private static JsonNode readBuiltin() {
        try (InputStream in = AgentProfiles.class.getResourceAsStream(BUILTIN)) {
            if (in == null) throw new IllegalStateException("built-in " + BUILTIN + " missing from the jar");
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readFile(Path file) {
        try {
            return Json.MAPPER.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage()
                    + "; fix the file (it is only read, never rewritten)");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
    }
}
