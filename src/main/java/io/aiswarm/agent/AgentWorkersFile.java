package io.aiswarm.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiswarm.state.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code <swarm dir>/agents/workers.json}: which profile the swarm's workers run, written by
 * {@code swarm up --agent} and read by the master to type prompts instead of running commands.
 */
public record AgentWorkersFile(String profile, List<String> workers, Path workdir) {

    public AgentWorkersFile {
        workers = List.copyOf(workers);
    }

    public static Path path(Path swarmDir) {
        return swarmDir.resolve("agents").resolve("workers.json");
    }

    public void write(Path swarmDir) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("profile", profile).put("workdir", workdir.toString());
        workers.forEach(root.putArray("workers")::add);
        try {
            TextFiles.replace(path(swarmDir), Json.PRETTY.writeValueAsString(root) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's content; empty when the swarm runs exec workers (no file). */
    public static Optional<AgentWorkersFile> read(Path swarmDir) {
        Path file = path(swarmDir);
        String text = TextFiles.readOrEmpty(file);
        if (text.isBlank()) return Optional.empty();
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            if (!root.path("profile").isTextual()) {
                throw new IllegalArgumentException(file + ": \"profile\" is missing; run `swarm up --agent NAME` again");
            }
            List<String> workers = new ArrayList<>();
            root.path("workers").forEach(w -> workers.add(w.asText()));
            return Optional.of(new AgentWorkersFile(root.get("profile").asText(), workers,
                    Path.of(root.path("workdir").asText("."))));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + "; run `swarm up --agent NAME` again to rewrite it");
        }
    }
}
