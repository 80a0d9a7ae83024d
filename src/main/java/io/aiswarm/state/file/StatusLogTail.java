package io.aiswarm.state.file;

import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a status log backwards, newest line first, in chunks from its end, and stops as soon as every wanted
 * worker's last event is known (or at the start of the file). A read-only view such as `swarm status` so costs in
 * proportion to the recent lines, not to the size of the log.
 *
 * <p>The answer is the one a {@link FileStatusFollower} reading the whole file would give: lines are parsed by
 * {@link StatusLines}; malformed lines (and lines over 1 MiB) are skipped and counted; an unterminated last line is
 * still being written and is ignored; a rotation snapshot line counts only when it is newer than what the lines
 * before it say, so a worker whose newest line is a snapshot is read on back to a plain line or the start.
 */
public final class StatusLogTail {
    static final int CHUNK = 64 * 1024;

    /**
     * @param lastByWorker   the last event of each wanted worker found in the log (absent: it never logged)
     * @param malformedLines lines read that did not parse
     * @param bytesRead      how much of the file was read
     */
    public record Result(Map<String, StatusEvent> lastByWorker, long malformedLines, long bytesRead) {
    }

    /**
     * What a follower starting late needs: each wanted worker's last event, the events from {@code since} on (log
     * order), and the offset just after the last complete line, where following goes on.
     */
    record Start(Map<String, StatusEvent> lastByWorker, List<StatusEvent> recent, long followFrom, long malformed,
                 long bytesRead) {
    }

    private final Set<String> wanted; // null: every worker
    private final Instant since; // null: no recent events wanted
    private final List<StatusEvent> recent = new ArrayList<>(); // newest first
    private boolean pastSince;
    private long followFrom = -1;
    private final Map<String, StatusEvent> resolved = new LinkedHashMap<>();
    /** Snapshot lines seen (newest first) for a worker whose plain line is not found yet. */
    private final Map<String, List<StatusEvent>> snapshots = new HashMap<>();
    private long malformed;

    private StatusLogTail(Set<String> wanted) {
        this(wanted, null);
    }

    private StatusLogTail(Set<String> wanted, Instant since) {
        this.wanted = wanted;
        this.since = since;
    }

    /**
     * Reads {@code ch} backwards until every one of {@code workers} has its last event and a line older than
     * {@code since} was met: a master starting on a log of millions of lines reads only its recent part.
     */
    static Start start(FileChannel ch, Collection<String> workers, Instant since) throws IOException {
        StatusLogTail tail = new StatusLogTail(new HashSet<>(workers), since);
        long read = tail.readBackwards(ch);
        for (String worker : new ArrayList<>(tail.snapshots.keySet())) tail.resolve(worker, null);
        List<StatusEvent> recent = new ArrayList<>(tail.recent);
        java.util.Collections.reverse(recent);
        return new Start(Map.copyOf(tail.resolved), recent, Math.max(0, tail.followFrom), tail.malformed, read);
    }

    /** The last event of each of {@code workers}, reading back only as far as needed. */
    public static Result read(Path file, Collection<String> workers) {
        return new StatusLogTail(new HashSet<>(workers)).run(file);
    }

    /** The last event of every worker in the log: reads the whole file, newest line first. */
    public static Result readAll(Path file) {
        return new StatusLogTail(null).run(file);
    }

    private Result run(Path file) {
        long bytesRead;
        SafeFiles.requireRegularOrAbsent(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytesRead = readBackwards(ch);
        } catch (NoSuchFileException e) {
            bytesRead = 0;
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
        // at the start of the file: a worker known only from snapshot lines takes the newest of them
        for (String worker : new ArrayList<>(snapshots.keySet())) resolve(worker, null);
        return new Result(Map.copyOf(resolved), malformed, bytesRead);
    }

    /** Returns the bytes read; lines appended while reading are left for the next reader. */
    private long readBackwards(FileChannel ch) throws IOException {
        long size = ch.size();
        long pos = size;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        byte[] bytes = buf.array();
        LineCarry carry = new LineCarry(); // the end part of a line whose start is in an earlier chunk
        boolean lastLineSeen = false; // bytes after the last newline: a line still being written
        while (pos > 0 && !done()) {
            int n = (int) Math.min(CHUNK, pos);
            pos -= n;
            buf.clear().limit(n);
            int got = 0;
            while (got < n) {
                int r = ch.read(buf, pos + got);
                if (r < 0) throw new IOException("file shrank while reading at offset " + (pos + got));
                got += r;
            }
            int end = n;
            for (int i = n - 1; i >= 0 && !done(); i--) {
                if (bytes[i] != '\n') continue;
                if (lastLineSeen) line(carry.join(bytes, i + 1, end));
                if (!lastLineSeen) followFrom = pos + i + 1; // after the last complete line
                lastLineSeen = true;
                carry.reset();
                end = i;
            }
            if (done()) return size - pos;
            if (lastLineSeen) carry.prepend(bytes, 0, end);
            if (pos == 0 && lastLineSeen) line(carry.join(bytes, 0, 0)); // the first line of the file
        }
        return size - pos;
    }

    private boolean done() {
        return wanted != null && resolved.size() == wanted.size() && (since == null || pastSince);
    }

    /** One complete line, or null for a line too long to be a status line. */
    private void line(String text) {
        if (text == null) {
            malformed++;
            return;
        }
        if (text.isBlank()) return;
        StatusEvent e = StatusLines.parse(text);
        if (e == null) {
            malformed++;
            return;
        }
        if (since != null) {
            if (e.ts().isBefore(since)) {
                pastSince = true;
            } else {
                recent.add(e);
            }
        }
        String worker = e.workerId();
        if ((wanted != null && !wanted.contains(worker)) || resolved.containsKey(worker)) return;
        if (StatusLines.isSnapshot(e)) {
            snapshots.computeIfAbsent(worker, w -> new ArrayList<>()).add(e);
        } else {
            resolve(worker, e);
        }
    }

    /**
     * Replays, oldest first, the snapshot lines that came after {@code plain} (null: none) with the follower's rule:
     * a snapshot replaces what is known only when it is newer.
     */
    private void resolve(String worker, StatusEvent plain) {
        StatusEvent known = plain;
        List<StatusEvent> later = snapshots.remove(worker);
        if (later != null) {
            for (int i = later.size() - 1; i >= 0; i--) {
                StatusEvent s = later.get(i);
                if (known == null || known.ts().isBefore(s.ts())) known = s;
            }
        }
        resolved.put(worker, known);
    }

    /** The bytes of one line gathered back to front across chunks; gives up (null) past the maximum line. */
    private static final class LineCarry {
        private byte[] data = new byte[256];
        private int start = data.length; // data[start..] holds the bytes
        private boolean tooLong;

        void reset() {
            start = data.length;
            tooLong = false;
        }

        void prepend(byte[] bytes, int from, int to) {
            int n = to - from;
            if (tooLong || n == 0) return;
            int have = data.length - start;
            if (have + n > FileStatusFollower.MAX_LINE) {
                tooLong = true;
                return;
            }
            if (n > start) {
                byte[] bigger = new byte[Math.max(data.length * 2, have + n)];
                System.arraycopy(data, start, bigger, bigger.length - have, have);
                start = bigger.length - have;
                data = bigger;
            }
            start -= n;
            System.arraycopy(bytes, from, data, start, n);
        }

        /** bytes[from..to) followed by the carried bytes, as text; null when the line is too long. */
        String join(byte[] bytes, int from, int to) {
            if (tooLong || (to - from) + (data.length - start) > FileStatusFollower.MAX_LINE) return null;
            if (start == data.length) return new String(bytes, from, to - from, StandardCharsets.UTF_8);
            prepend(bytes, from, to);
            return new String(data, start, data.length - start, StandardCharsets.UTF_8);
        }
    }
}
