package io.aiswarm.state.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiswarm.state.InterProcessMutex;
import io.aiswarm.state.Json;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmDir;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.WorkerClaims;
import io.aiswarm.state.WorkerIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Worker claims as files {@code claims/<worker>.claim} (JSON, 0600; empty: no claim). Every read and change runs under
 * the OS lock on {@code claims/.mutex}, so a check and the write that follows it are one step for all processes; the
 * kernel drops the mutex of a process that dies. A worker's file is rewritten in place, never replaced or removed
 * (a claim per task must not cost a new file), so a process killed mid-write can leave it half-written: a claim file
 * that does not parse counts as stale.
 */
public final class FileWorkerClaims implements WorkerClaims {
    private final Path dir;
    private final InterProcessMutex mutex;

    public FileWorkerClaims(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.mutex = InterProcessMutex.of(this.dir.resolve(".mutex"));
    }

    @Override
    public boolean claim(String workerId, String taskId, int attempt, long epoch, Instant at,
                         Predicate<Claim> stale) {
        WorkerIds.require(workerId);
        SwarmDir.ensureSubdir(dir);
        return locked(() -> {
            Optional<Claim> current = parse(workerId);
            if (current.isPresent() && !current.get().taskId().equals(taskId) && !stale.test(current.get())) {
                return false;
            }
            Claim mine = new Claim(workerId, taskId, attempt, epoch, ProcessHandle.current().pid(), at);
            SafeFiles.overwrite(file(workerId), encode(mine));
            return true;
        });
    }

    @Override
    public void release(String workerId, String taskId) {
        WorkerIds.require(workerId);
        if (!Files.isDirectory(dir)) return;
        locked(() -> {
            Optional<Claim> current = parse(workerId);
            if (current.isPresent() && current.get().taskId().equals(taskId)) SafeFiles.overwrite(file(workerId), new byte[0]);
            return null;
        });
    }

    @Override
    public Optional<Claim> read(String workerId) {
        WorkerIds.require(workerId);
        if (!Files.isDirectory(dir)) return Optional.empty();
        return locked(() -> parse(workerId)); // a claim being rewritten is read whole, after its writer
    }

    private Optional<Claim> parse(String workerId) throws IOException {
        Optional<byte[]> bytes;
        try {
            bytes = SafeFiles.readIfExists(file(workerId));
        } catch (SwarmStateException e) {
            return Optional.empty(); // a link or FIFO planted there: not a claim
        }
        if (bytes.isEmpty() || bytes.get().length == 0) return Optional.empty();
        try {
            JsonNode n = Json.MAPPER.readTree(bytes.get());
            return Optional.of(new Claim(n.get("worker_id").asText(), n.get("task_id").asText(),
                    n.get("attempt").asInt(), n.get("epoch").asLong(), n.get("pid").asLong(),
                    Json.parseInstant(n.get("at").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] encode(Claim c) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode().put("worker_id", c.workerId()).put("task_id", c.taskId())
                .put("attempt", c.attempt()).put("epoch", c.epoch()).put("pid", c.pid()).put("at", Json.format(c.at()));
        return (Json.MAPPER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private Path file(String workerId) {
        return dir.resolve(workerId + ".claim");
    }

    private <T> T locked(InterProcessMutex.Body<T> body) {
        try {
            return mutex.locked(body);
        } catch (IOException e) {
            throw new SwarmStateException("cannot update the worker claims in " + dir + ": " + e, e);
        }
    }
}
