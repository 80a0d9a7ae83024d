package io.aiswarm.state.file;

import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusFollower;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.SwarmStateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Follows a status log by byte offset: each poll reads only bytes added since the last one. A last line without
 * its newline waits for the rest. When the file is replaced (rotation: new file key) the old file is drained to
 * its end first; when it shrinks (truncation) reading restarts at 0.
 */
final class FileStatusFollower implements StatusFollower {
    private static final int CHUNK = 64 * 1024;
    /** A longer line is not a status line: skipped and counted as malformed. */
    static final int MAX_LINE = 1 << 20;

    private final Path file;
    private final Map<String, StatusEvent> last = new LinkedHashMap<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    private FileChannel channel;
    private Object fileKey;
    private long offset;
    private boolean discarding;
    private long malformed;

    /** Events to hand out with the first poll (a follower that started late: see {@link #startingAt}). */
    private List<StatusEvent> initial = List.of();

    FileStatusFollower(Path file) {
        this.file = file;
    }

    /**
     * A follower that starts near the end of a long log: the last event of each of {@code workers} and the events
     * since {@code since} are read backwards from the end (see {@link StatusLogTail#start}); the first poll returns
     * those events, then following goes on from there. Memory and time grow with the recent part, not the log.
     */
    static FileStatusFollower startingAt(Path file, Collection<String> workers, Instant since) {
        FileStatusFollower f = new FileStatusFollower(file);
        SafeFiles.requireRegularOrAbsent(file);
        try {
            Object key = keyOf(file);
            if (key == null) return f;
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            if (!Objects.equals(keyOf(file), key)) { // replaced meanwhile: start as a plain follower
                ch.close();
                return f;
            }
            StatusLogTail.Start start = StatusLogTail.start(ch, workers, since);
            f.channel = ch;
            f.fileKey = key;
            f.offset = start.followFrom();
            f.last.putAll(start.lastByWorker());
            f.initial = start.recent();
            f.malformed = start.malformed();
            return f;
        } catch (NoSuchFileException e) {
            return f;
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public List<StatusEvent> poll() {
        List<StatusEvent> out = new ArrayList<>(initial);
        initial = List.of();
        try {
            Object currentKey = keyOf(file);
            if (channel != null && !Objects.equals(currentKey, fileKey)) {
                readToEnd(out); // rotated: finish the old file, then switch
                endOfFile();
                closeChannel();
            } else if (channel != null && channel.size() < offset) {
                restart(); // truncated in place
            }
            if (channel == null && currentKey != null) open(currentKey);
            if (channel != null) readToEnd(out);
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
        return out;
    }

    @Override
    public Map<String, StatusEvent> lastByWorker() {
        return Map.copyOf(last);
    }

    @Override
    public long malformedLines() {
        return malformed;
    }

    @Override
    public void close() {
        closeChannel();
    }

    private void open(Object key) throws IOException {
        SafeFiles.requireRegularOrAbsent(file);
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            if (!Objects.equals(keyOf(file), key)) { // replaced between the stat and the open: try next poll
                ch.close();
                return;
            }
            channel = ch;
            fileKey = key;
            restart();
        } catch (NoSuchFileException e) {
            // rotated away just now; the next poll opens the new file
        }
    }

    private void restart() {
        offset = 0;
        partial.reset();
        discarding = false;
    }

    private void readToEnd(List<StatusEvent> out) throws IOException {
        long size = channel.size();
        while (offset < size) {
            chunk.clear();
            int n = channel.read(chunk, offset);
            if (n <= 0) break;
            offset += n;
            consume(chunk.array(), n, out);
        }
    }

    private void consume(byte[] bytes, int length, List<StatusEvent> out) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] != '\n') continue;
            if (!discarding) {
                partial.write(bytes, start, i - start);
                line(partial.toString(StandardCharsets.UTF_8), out);
            }
            partial.reset();
            discarding = false;
            start = i + 1;
        }
        if (!discarding && start < length) {
            partial.write(bytes, start, length - start);
            if (partial.size() > MAX_LINE) { // not a status line; skip to its end without holding it
                malformed++;
                discarding = true;
                partial.reset();
            }
        }
    }

    /** An unterminated last line of a file that was rotated away will never be completed. */
    private void endOfFile() {
        if (partial.size() > 0) malformed++;
        restart();
    }

    private void line(String text, List<StatusEvent> out) {
        if (text.isBlank()) return;
        StatusEvent e = StatusLines.parse(text);
        if (e == null) {
            malformed++;
            return;
        }
        StatusEvent known = last.get(e.workerId());
        // a rotation snapshot repeats what a follower may already know: keep it only if it is news
        if (StatusLines.isSnapshot(e) && known != null && !known.ts().isBefore(e.ts())) return;
        last.put(e.workerId(), e);
        out.add(e);
    }

    private static Object keyOf(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void closeChannel() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only descriptor: nothing to lose
        }
        channel = null;
        fileKey = null;
    }
}
