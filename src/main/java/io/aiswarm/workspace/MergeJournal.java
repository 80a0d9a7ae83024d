package io.aiswarm.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aiswarm.state.Json;
import io.aiswarm.state.SafeFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <swarm dir>/merge.journal.json}: written just before a merge moves its target, removed once the task is
 * marked merged. If the merge is killed in between, the next `swarm merge` finds it and finishes the bookkeeping
 * (the target itself moved atomically, or not at all).
 */
final class MergeJournal {
    record Entry(@JsonProperty("task_id") String taskId, @JsonProperty("target") String target,
                 @JsonProperty("old") String oldCommit, @JsonProperty("new") String newCommit,
                 @JsonProperty("tree") String tree) {
    }

    private final Path file;

    MergeJournal(Path swarmDir) {
        this.file = swarmDir.resolve("merge.journal.json");
    }

    void write(Entry e) {
        try {
            SafeFiles.writeAtomically(file, Json.MAPPER.writeValueAsBytes(e));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    Optional<Entry> read() {
        try {
            Optional<byte[]> bytes = SafeFiles.readIfExists(file);
            if (bytes.isEmpty()) return Optional.empty();
            return Optional.of(Json.MAPPER.readValue(bytes.get(), Entry.class));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file + " (" + ex.getMessage() + "): move it away; it only "
                    + "records a merge that was interrupted", ex);
        }
    }

    void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot remove " + file + ": " + ex.getMessage(), ex);
        }
    }
}
