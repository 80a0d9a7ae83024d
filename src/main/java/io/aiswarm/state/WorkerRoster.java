package io.aiswarm.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <swarm dir>/workers.json}: each worker of the swarm with its profile ({@code exec} or an agent profile), its
 * labels and whether it drains (takes no new task and is removed once its task ends). Written by {@code swarm up} and
 * {@code swarm scale}; the master reads it again whenever it changes. A swarm started by an older version has only
 * {@code agents/workers.json} (one profile for every worker), which is read the same way.
 */
public record WorkerRoster(Path workdir, List<Worker> workers) {
    public static final String FILE = "workers.json";

    /** One worker: its id, profile ({@link TaskRouting#EXEC} for exec workers), labels and whether it drains. */
    public record Worker(String id, String agent, List<String> labels, boolean draining) {
        public Worker {
            labels = List.copyOf(labels);
        }

        public boolean isAgent() {
            return !agent.equals(TaskRouting.EXEC);
        }

        public Worker draining(boolean on) {
            return new Worker(id, agent, labels, on);
        }

        /** How people read it: {@code worker-3 claude@gpu+big}. */
        public String describe() {
            return id + " " + agent + (labels.isEmpty() ? "" : "@" + String.join("+", labels))
                    + (draining ? " (draining)" : "");
        }
    }

    public WorkerRoster {
        workers = List.copyOf(workers);
    }

    public static Path path(Path swarmDir) {
        return swarmDir.resolve(FILE);
    }

    public static Path legacyPath(Path swarmDir) {
        return swarmDir.resolve("agents").resolve("workers.json");
    }

    public Optional<Worker> worker(String id) {
        for (Worker w : workers) if (w.id().equals(id)) return Optional.of(w);
        return Optional.empty();
    }

    /** The profile of a worker; empty when the roster does not list it. */
    public Optional<String> agentOf(String id) {
        return worker(id).map(Worker::agent);
    }

    /** The agent workers by profile, in roster order. */
    public Map<String, List<String>> agentWorkers() {
        Map<String, List<String>> byProfile = new LinkedHashMap<>();
        for (Worker w : workers) if (w.isAgent()) byProfile.computeIfAbsent(w.agent(), p -> new ArrayList<>()).add(w.id());
        return byProfile;
    }

    public WorkerRoster with(List<Worker> newWorkers) {
        return new WorkerRoster(workdir, newWorkers);
    }

    public void write(Path swarmDir) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("workdir", workdir.toString());
        ArrayNode list = root.putArray("workers");
        for (Worker w : workers) {
            ObjectNode o = list.addObject().put("id", w.id()).put("agent", w.agent());
            w.labels().forEach(o.putArray("labels")::add);
            if (w.draining()) o.put("draining", true);
        }
        SwarmDir.ensure(swarmDir);
        try {
            SafeFiles.writeAtomically(path(swarmDir), (Json.PRETTY.writeValueAsString(root) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SwarmStateException("cannot write " + path(swarmDir) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Changes the roster under its lock (`swarm scale` and the master both change it); returns it as written. A swarm
     * without a roster starts from an empty one in {@code workdir}.
     */
    public static WorkerRoster update(Path swarmDir, Path workdir, java.util.function.UnaryOperator<WorkerRoster> change) {
        SwarmDir.ensure(swarmDir);
        try (InterProcessMutex.Held held = InterProcessMutex.of(swarmDir.resolve(FILE + ".lock")).lock()) {
            WorkerRoster now = read(swarmDir).orElse(new WorkerRoster(workdir, List.of()));
            WorkerRoster next = change.apply(now);
            if (!next.equals(now)) next.write(swarmDir);
            return next;
        }
    }

    /** Removes the roster (and an older version's file): the swarm is down. */
    public static void remove(Path swarmDir) {
        try {
            Files.deleteIfExists(path(swarmDir));
            Files.deleteIfExists(legacyPath(swarmDir));
        } catch (IOException e) {
            throw new SwarmStateException("cannot remove " + path(swarmDir) + ": " + e.getMessage(), e);
        }
    }

    /** The roster; empty when no `swarm up` wrote one (a swarm of an older version's exec workers). */
    public static Optional<WorkerRoster> read(Path swarmDir) {
        Path file = path(swarmDir);
        Optional<byte[]> bytes = readBytes(file);
        if (bytes.isPresent()) return Optional.of(parse(file, new String(bytes.get(), StandardCharsets.UTF_8)));
        Path legacy = legacyPath(swarmDir);
        return readBytes(legacy).map(b -> parseLegacy(legacy, new String(b, StandardCharsets.UTF_8)));
    }

    private static Optional<byte[]> readBytes(Path file) {
        try {
            return SafeFiles.readIfExists(file);
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static WorkerRoster parse(Path file, String text) {
        JsonNode root = tree(file, text);
        List<Worker> workers = new ArrayList<>();
        int n = 0;
        for (JsonNode w : root.path("workers")) {
            n++;
            String id = w.path("id").asText(null);
            String agent = w.path("agent").asText(null);
            if (id == null || !WorkerIds.isValid(id) || agent == null || !SafeNames.isSafe(agent)) {
                throw new SwarmStateException(file + ": worker " + n + " needs an \"id\" (worker-N) and an \"agent\" "
                        + "(exec or a profile name); run `swarm up` again, or fix the file");
            }
            List<String> labels = new ArrayList<>();
            w.path("labels").forEach(l -> labels.add(TaskRouting.checkLabel(file + ": worker " + id + ": label",
                    l.asText())));
            workers.add(new Worker(id, agent, labels, w.path("draining").asBoolean(false)));
        }
        return new WorkerRoster(Path.of(root.path("workdir").asText(".")), workers);
    }

    /** {@code agents/workers.json} of an older version: one agent profile for the listed workers. */
    static WorkerRoster parseLegacy(Path file, String text) {
        JsonNode root = tree(file, text);
        if (!root.path("profile").isTextual()) {
            throw new SwarmStateException(file + ": \"profile\" is missing; run `swarm up --agent NAME` again");
        }
        List<Worker> workers = new ArrayList<>();
        root.path("workers").forEach(w -> workers.add(new Worker(w.asText(), root.get("profile").asText(), List.of(),
                false)));
        return new WorkerRoster(Path.of(root.path("workdir").asText(".")), workers);
    }

    private static JsonNode tree(Path file, String text) {
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            if (root == null || !root.isObject()) throw new SwarmStateException(file + ": expected a JSON object");
            return root;
        } catch (JsonProcessingException e) {
            throw new SwarmStateException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + "; run `swarm up` again to rewrite it");
        }
    }
}
