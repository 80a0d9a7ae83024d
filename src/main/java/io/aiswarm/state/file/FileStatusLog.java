package io.aiswarm.state.file;

import io.aiswarm.state.InterProcessMutex;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.StatusLog;
import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The status log as a JSONL file. Each append is one write() on a descriptor opened with O_APPEND, so lines from
 * many processes (and from shell hooks doing {@code printf ... >> status.log}) never interleave. The file is opened
 * per append, so appends always go to the current file even after {@link #rotate}.
 */
public final class FileStatusLog implements StatusLog {
    private static final DateTimeFormatter ARCHIVE_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;

    public FileStatusLog(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    @Override
    public void append(StatusEvent event) {
        appendLines(List.of(event));
    }

    /** Appends several events in one write: they land together, never split by another process's line. */
    public void appendLines(List<StatusEvent> events) {
        StringBuilder text = new StringBuilder();
        for (StatusEvent e : events) text.append(StatusLines.encode(e)).append('\n');
        try {
            SafeFiles.append(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SwarmStateException("cannot append to " + file + ": " + e
                    + (Files.isSymbolicLink(file) ? " (it is a symbolic link: remove it)" : ""), e);
        }
    }

    @Override
    public StatusFollower follow() {
        return new FileStatusFollower(file);
    }

    /** Reads backwards from the end only as far as {@code since} and each worker's last line (see the follower). */
    @Override
    public StatusFollower follow(java.time.Instant since, java.util.Collection<String> workers) {
        return FileStatusFollower.startingAt(file, workers, since);
    }

    /** Reads the log backwards from its end, only until every worker's last event is found. */
    @Override
    public Map<String, StatusEvent> lastEvents(Collection<String> workers) {
        return StatusLogTail.read(file, workers).lastByWorker();
    }

    /**
     * Starts a new log: renames status.log to {@code status.log.<UTC time>} and writes into the new one a
     * snapshot line (meta {@code snapshot: true}, original time) of every worker's last state, so that readers
     * starting from the new file still know each worker's state. Returns the archive, or null with no log.
     */
    public Path rotate(Clock clock) {
        InterProcessMutex mutex = InterProcessMutex.of(file.resolveSibling(file.getFileName() + ".lock"));
        try {
            return mutex.locked(() -> {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return null;
                Path archive = file.resolveSibling(file.getFileName() + "." + ARCHIVE_STAMP.format(clock.instant()));
                for (int n = 1; Files.exists(archive, LinkOption.NOFOLLOW_LINKS); n++) {
                    archive = file.resolveSibling(file.getFileName() + "." + ARCHIVE_STAMP.format(clock.instant()) + "-" + n);
                }
                Files.move(file, archive, StandardCopyOption.ATOMIC_MOVE);
                Map<String, StatusEvent> last;
                try (StatusFollower old = new FileStatusFollower(archive)) {
                    old.poll();
                    last = old.lastByWorker();
                }
                List<StatusEvent> snapshot = new ArrayList<>();
                for (StatusEvent e : last.values()) {
                    Map<String, Object> meta = new LinkedHashMap<>(e.meta());
                    meta.put(StatusLines.SNAPSHOT_META, true);
                    snapshot.add(new StatusEvent(e.ts(), e.workerId(), e.taskId(), e.state(), e.message(), meta));
                }
                snapshot.sort(Comparator.comparing(StatusEvent::ts));
                if (!snapshot.isEmpty()) appendLines(snapshot);
                return archive;
            });
        } catch (IOException e) {
            throw new SwarmStateException("cannot rotate " + file + ": " + e, e);
        }
    }
}
