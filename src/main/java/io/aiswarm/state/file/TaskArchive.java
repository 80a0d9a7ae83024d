package io.aiswarm.state.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import io.aiswarm.state.Json;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finished tasks moved out of tasks.json, so that a write of the queue no longer copies its whole history: one task a
 * line (JSONL), appended and fsynced; rewritten (atomically) only when tasks are removed from it. A later line of an
 * id replaces an earlier one. Readers take only complete lines: a line cut short by a crash is ignored, and dropped by
 * the next append (its tasks are still in tasks.json, which is written after the archive).
 * Appends and rewrites happen under the queue's lock; readers need none.
 */
final class TaskArchive {
    private static final ObjectReader TASK = Json.MAPPER.readerFor(TaskInfo.class);
    private static final int CHUNK = 64 * 1024;

    private final Path file;

    TaskArchive(Path file) {
        this.file = file;
    }

    /** The archive of a queue file: {@code tasks.json} → {@code tasks.archive.jsonl}. */
    static Path of(Path tasksFile) {
        String name = tasksFile.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return tasksFile.resolveSibling(base + ".archive.jsonl");
    }

    Path file() {
        return file;
    }

    /**
     * What was read of the file: its identity, the offset after the last line taken, its size when read, and the
     * tasks by id (later lines win).
     */
    record Content(Object fileKey, long length, long size, Map<String, TaskInfo> byId) {
        static final Content ABSENT = new Content(null, 0, -1, Map.of());
    }

    /** The file's size now, -1 when there is none. */
    long size() {
        BasicFileAttributes a = attributes();
        return a == null ? -1 : a.size();
    }

    /** The archive as it is now; reads only what was appended since {@code known} when the file is the same one. */
    Content read(Content known) {
        for (int attempt = 0; ; attempt++) {
            BasicFileAttributes before = attributes();
            if (before == null) return Content.ABSENT;
            boolean same = known != null && known.fileKey() != null && known.fileKey().equals(before.fileKey())
                    && before.size() >= known.length() && attempt < 2;
            if (same && before.size() == known.size()) return known;
            Content read = same ? readFrom(known, before) : readFrom(null, before);
            BasicFileAttributes after = attributes();
            // replaced while we read (a removal rewrote it): read the new one
            if (after != null && Objects.equals(after.fileKey(), before.fileKey())) return read;
            if (attempt > 5) throw new SwarmStateException(file + " keeps being replaced while read; try again");
        }
    }

    private Content readFrom(Content known, BasicFileAttributes attrs) {
        long from = known == null ? 0 : known.length();
        byte[] bytes = readRange(from);
        Map<String, TaskInfo> byId = known == null ? new LinkedHashMap<>() : new LinkedHashMap<>(known.byId());
        int taken = parseLines(bytes, from, byId);
        return new Content(attrs.fileKey(), from + taken, from + bytes.length, Collections.unmodifiableMap(byId));
    }

    /** Parses the complete lines of {@code bytes} (read at {@code offset}); returns how many bytes they span. */
    private int parseLines(byte[] bytes, long offset, Map<String, TaskInfo> byId) {
        int start = 0;
        while (start < bytes.length) {
            int end = indexOf(bytes, (byte) '\n', start);
            boolean complete = end >= 0;
            int stop = complete ? end : bytes.length;
            if (stop > start) {
                TaskInfo t = complete ? decode(bytes, start, stop, offset) : decodeOrNull(bytes, start, stop);
                if (t == null) return start; // the unfinished last line of an append in progress, or of a crash
                byId.remove(t.taskId()); // the latest line of an id is the task, in its place
                byId.put(t.taskId(), t);
            }
            start = complete ? end + 1 : bytes.length;
        }
        return start;
    }

    private TaskInfo decode(byte[] bytes, int start, int stop, long offset) {
        try {
            return parse(bytes, start, stop);
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new SwarmStateException(file + " at byte " + (offset + start) + ": " + why + ". The file was left"
                    + " unchanged; fix that line by hand (its tasks are finished ones: removing the line forgets them)", e);
        }
    }

    private static TaskInfo decodeOrNull(byte[] bytes, int start, int stop) {
        try {
            return parse(bytes, start, stop);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static TaskInfo parse(byte[] bytes, int start, int stop) throws IOException {
        TaskInfo t = TASK.readValue(bytes, start, stop - start);
        TaskRules.check(t);
        return t;
    }

    /** The tasks as archive lines: compact JSON, one a line. */
    private static byte[] lines(Collection<TaskInfo> tasks) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream(tasks.size() * 400);
        for (TaskInfo t : tasks) {
            lines.write(Json.MAPPER.writeValueAsBytes(t));
            lines.write('\n');
        }
        return lines.toByteArray();
    }

    /**
     * Appends the tasks, one line each, and fsyncs them (with the directory when the file is new); returns the file's
     * size after. An unfinished last line a crash left behind is dropped first (its tasks are still in tasks.json), one
     * that is a whole task only lacking its newline gets it. Only the file's end is read, never the history.
     */
    long append(Collection<TaskInfo> tasks) {
        try {
            SafeFiles.requireRegularOrAbsent(file);
            boolean created = attributes() == null;
            byte[] lines = lines(tasks);
            long length;
            try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                long size = ch.size();
                long at = endOfLastLine(ch, size);
                if (at < size) {
                    ByteBuffer rest = ByteBuffer.allocate((int) (size - at));
                    while (rest.hasRemaining() && ch.read(rest, at + rest.position()) >= 0) {
                        // the whole unfinished line
                    }
                    if (decodeOrNull(rest.array(), 0, rest.position()) != null) {
                        at = size + ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
                    } else {
                        ch.truncate(at);
                    }
                }
                ByteBuffer buf = ByteBuffer.wrap(lines);
                while (buf.hasRemaining()) at += ch.write(buf, at);
                ch.force(true);
                length = at;
            }
            if (created) fsyncDirectory();
            return length;
        } catch (IOException e) {
            throw new SwarmStateException("cannot append to " + file + ": " + e + "; tasks.json was left as it was", e);
        }
    }

    /** The offset just after the file's last newline (0 when it has none), read backwards from its end. */
    private static long endOfLastLine(FileChannel ch, long size) throws IOException {
        long pos = size;
        while (pos > 0) {
            long start = Math.max(0, pos - CHUNK);
            ByteBuffer buf = ByteBuffer.allocate((int) (pos - start));
            while (buf.hasRemaining() && ch.read(buf, start + buf.position()) >= 0) {
                // read the whole chunk
            }
            byte[] bytes = buf.array();
            for (int i = bytes.length - 1; i >= 0; i--) if (bytes[i] == '\n') return start + i + 1;
            pos = start;
        }
        return 0;
    }

    /** Replaces the file atomically (temp file, fsync, rename, fsync of the directory) with only these tasks. */
    Content rewrite(Collection<TaskInfo> tasks) {
        try {
            Map<String, TaskInfo> byId = new LinkedHashMap<>();
            for (TaskInfo t : tasks) byId.put(t.taskId(), t);
            byte[] bytes = lines(tasks);
            SafeFiles.requireRegularOrAbsent(file);
            SafeFiles.writeAtomically(file, bytes);
            BasicFileAttributes a = attributes();
            return new Content(a == null ? null : a.fileKey(), bytes.length, bytes.length,
                    Collections.unmodifiableMap(byId));
        } catch (IOException e) {
            throw new SwarmStateException("cannot rewrite " + file + ": " + e + "; the previous content is intact", e);
        }
    }

    /**
     * The tasks of the last {@code n} complete lines, newest last, read backwards from the end in 64 KiB chunks: what
     * a short listing needs, without reading a long history.
     */
    List<TaskInfo> tail(int n) {
        if (n <= 0) return List.of();
        try {
            SafeFiles.requireRegularOrAbsent(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                long size = ch.size();
                long from = size;
                byte[] bytes = new byte[0];
                while (from > 0 && count(bytes, (byte) '\n') <= n) {
                    long start = Math.max(0, from - CHUNK);
                    ByteBuffer buf = ByteBuffer.allocate((int) (from - start));
                    while (buf.hasRemaining() && ch.read(buf, start + buf.position()) >= 0) {
                        // read the whole chunk
                    }
                    bytes = concat(buf.array(), bytes);
                    from = start;
                }
                int first = startOfLastLines(bytes, n); // later lines only: nothing before them is parsed
                List<TaskInfo> out = new ArrayList<>();
                Map<String, TaskInfo> byId = new LinkedHashMap<>();
                parseLines(java.util.Arrays.copyOfRange(bytes, first, bytes.length), from + first, byId);
                out.addAll(byId.values());
                return out.size() <= n ? out : out.subList(out.size() - n, out.size());
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
    }

    /** The ids and {@code after} lists of the archived tasks read so far, and where reading stopped (see {@link #ids}). */
    record Ids(Object fileKey, long length, long size, Map<String, List<String>> afterById) {
    }

    /**
     * The id and {@code after} list of every archived task, by a streaming pass that builds no task (several times
     * cheaper than {@link #read}), reading only what was appended since {@code known} when the file is the same one:
     * what a new task's id and dependencies are checked against. Empty when a line is not of the plain shape this
     * version writes, or the file was replaced meanwhile: {@link #read} then reads it, and reports what is wrong.
     */
    Optional<Ids> ids(Ids known) {
        BasicFileAttributes attrs = attributes();
        if (attrs == null) return Optional.of(new Ids(null, 0, -1, Map.of()));
        boolean same = known != null && known.fileKey() != null && known.fileKey().equals(attrs.fileKey())
                && attrs.size() >= known.length();
        if (same && attrs.size() == known.size()) return Optional.of(known);
        long from = same ? known.length() : 0;
        byte[] bytes = readRange(from);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        Map<String, List<String>> ids = same ? new HashMap<>(known.afterById()) : new HashMap<>();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes, 0, end)) {
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) return Optional.empty();
                String id = null;
                List<String> after = List.of();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("task_id") && value == JsonToken.VALUE_STRING) {
                        id = p.getText();
                    } else if (name.equals(TaskDependencies.AFTER) && value == JsonToken.START_ARRAY) {
                        after = new ArrayList<>();
                        while (p.nextToken() == JsonToken.VALUE_STRING) after.add(p.getText());
                        if (p.currentToken() != JsonToken.END_ARRAY) return Optional.empty();
                    } else {
                        p.skipChildren();
                    }
                }
                if (id == null) return Optional.empty();
                ids.put(id, after);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        long length = from + end;
        if (end < bytes.length) { // an unfinished last line: a task only when it is whole
            TaskInfo t = decodeOrNull(bytes, end, bytes.length);
            if (t != null) {
                ids.put(t.taskId(), TaskDependencies.after(t));
                length = from + bytes.length;
            }
        }
        BasicFileAttributes after = attributes();
        if (after == null || !Objects.equals(after.fileKey(), attrs.fileKey())) return Optional.empty();
        return Optional.of(new Ids(attrs.fileKey(), length, from + bytes.length, Collections.unmodifiableMap(ids)));
    }

    /** Where the last {@code n} complete lines of {@code bytes} start (with any unfinished line after them). */
    private static int startOfLastLines(byte[] bytes, int n) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--; // an unfinished last line: parsed if it is whole
        int seen = 0;
        for (int i = end - 2; i >= 0; i--) {
            if (bytes[i] == '\n' && ++seen == n) return i + 1;
        }
        return 0;
    }

    private byte[] readRange(long from) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(size - from, Integer.MAX_VALUE - 16)));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
                // read until full or end of file
            }
            return java.util.Arrays.copyOf(buf.array(), buf.position());
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
    }

    private BasicFileAttributes attributes() {
        try {
            SafeFiles.requireRegularOrAbsent(file);
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) if (bytes[i] == b) return i;
        return -1;
    }

    private static int count(byte[] bytes, byte b) {
        int n = 0;
        for (byte x : bytes) if (x == b) n++;
        return n;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
