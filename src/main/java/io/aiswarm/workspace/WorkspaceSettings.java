package io.aiswarm.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiswarm.state.Json;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code <swarm dir>/workspaces.json}, written by {@code swarm up} when its --workdir is a git repository: which
 * repository the tasks work on ({@code repo}, its top level, and {@code subdir}, where in it --workdir points), the
 * default base branch, the optional setup command for new worktrees, and {@code own_paths}: files the swarm itself
 * writes into every worktree (an agent's hook settings), which are never committed. No file: the swarm runs without
 * worktrees.
 */
public record WorkspaceSettings(Path repo, String subdir, String baseBranch, String setupCommand,
                                Duration setupTimeout, List<String> ownPaths) {
    public static final String FILE = "workspaces.json";
    public static final Duration DEFAULT_SETUP_TIMEOUT = Duration.ofMinutes(10);

    public WorkspaceSettings {
        subdir = subdir == null ? "" : subdir;
        if (setupCommand != null && setupCommand.isBlank()) setupCommand = null;
        if (setupTimeout == null) setupTimeout = DEFAULT_SETUP_TIMEOUT;
        ownPaths = ownPaths == null ? List.of() : List.copyOf(ownPaths);
    }

    public WorkspaceSettings(Path repo, String subdir, String baseBranch, String setupCommand, Duration setupTimeout) {
        this(repo, subdir, baseBranch, setupCommand, setupTimeout, List.of());
    }

    public WorkspaceSettings withOwnPaths(List<String> paths) {
        return new WorkspaceSettings(repo, subdir, baseBranch, setupCommand, setupTimeout, paths);
    }

    public static Path path(Path swarmDir) {
        return swarmDir.resolve(FILE);
    }

    /** Where the worktrees of this swarm live: {@code <swarm dir>/worktrees}. */
    public static Path worktreesDir(Path swarmDir) {
        return swarmDir.resolve("worktrees");
    }

    public void write(Path swarmDir) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("repo", repo.toString()).put("subdir", subdir)
                .put("base_branch", baseBranch);
        if (setupCommand != null) root.put("setup", setupCommand);
        root.put("setup_timeout_seconds", setupTimeout.toSeconds());
        ownPaths.forEach(root.putArray("own_paths")::add);
        SwarmDir.ensure(swarmDir);
        try {
            SafeFiles.writeAtomically(path(swarmDir),
                    (Json.PRETTY.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path(swarmDir) + ": " + e.getMessage(), e);
        }
    }

    public static void remove(Path swarmDir) {
        try {
            Files.deleteIfExists(path(swarmDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path(swarmDir) + ": " + e.getMessage(), e);
        }
    }

    /** The settings, or an error saying that this swarm runs without worktrees and how to get them. */
    public static WorkspaceSettings require(Path swarmDir) {
        return read(swarmDir).orElseThrow(() -> new IllegalArgumentException("this swarm runs without worktrees (no "
                + path(swarmDir) + "): its tasks changed the work directory itself, there are no branches to review "
                + "or merge; `swarm up --workdir REPO` on a git repository gives each task its own branch"));
    }

    /** The settings; empty when the swarm runs without worktrees. A broken file is an error naming it. */
    public static Optional<WorkspaceSettings> read(Path swarmDir) {
        Path file = path(swarmDir);
        Optional<byte[]> bytes;
        try {
            bytes = SafeFiles.readIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.isEmpty()) return Optional.empty();
        try {
            JsonNode root = Json.MAPPER.readTree(bytes.get());
            if (root == null || !root.path("repo").isTextual() || !root.path("base_branch").isTextual()) {
                throw new IllegalArgumentException(file + ": \"repo\" and \"base_branch\" are required; run `swarm up`"
                        + " again to rewrite it, or delete it to run without worktrees");
            }
            JsonNode setup = root.get("setup");
            List<String> own = new ArrayList<>();
            root.path("own_paths").forEach(p -> own.add(p.asText()));
            return Optional.of(new WorkspaceSettings(Path.of(root.get("repo").asText()), root.path("subdir").asText(""),
                    root.get("base_branch").asText(), setup == null || setup.isNull() ? null : setup.asText(),
                    Duration.ofSeconds(root.path("setup_timeout_seconds").asLong(DEFAULT_SETUP_TIMEOUT.toSeconds())),
                    own));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + "); run `swarm up`"
                    + " again to rewrite it, or delete it to run without worktrees");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
