package io.aiswarm.state.pg;

import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.StatusLines;
import io.aiswarm.state.SwarmStateException;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a machine's inbox (the JSON status lines its workers and hooks append with plain shell) into the shared
 * events table, exactly once. Each batch is one transaction that locks the inbox's row in {@code inbox_offsets},
 * reads complete lines from the stored offset, inserts their events and moves the offset past them: a crash at any
 * point leaves either none or all of a batch stored, and the next run starts where the last commit ended. A last
 * line without its newline waits for the rest. A replaced inbox (another file at the path) or a truncated one is
 * read from its start.
 */
public final class InboxIngester {
    /** The most bytes one transaction takes from the inbox; a longer line is not a status line and is skipped. */
    static final int MAX_BATCH = 1 << 20;

    /** What one call moved. */
    public record Result(int events, int malformed, boolean more) {
    }

    private final PgSession db;
    private final Path inbox;
    private final Clock clock;
    private final String host;
    private final int maxBatch;
    private final Runnable beforeCommit;

    public InboxIngester(PgSession db, Path inbox, Clock clock) {
        this(db, inbox, clock, MAX_BATCH, () -> { });
    }

    /** For tests: smaller batches, and a crash ({@code beforeCommit} throws or halts) after a batch's writes. */
    InboxIngester(PgSession db, Path inbox, Clock clock, int maxBatch, Runnable beforeCommit) {
        this.db = db;
        this.inbox = inbox.toAbsolutePath().normalize();
        this.clock = clock;
        this.host = db.settings().host();
        this.maxBatch = maxBatch;
        this.beforeCommit = beforeCommit;
    }

    /** Ingests until the inbox holds no complete line beyond the stored offset. */
    public Result ingestAll() {
        int events = 0;
        int malformed = 0;
        Result r;
        do {
            r = ingestBatch();
            events += r.events();
            malformed += r.malformed();
        } while (r.more());
        return new Result(events, malformed, false);
    }

    /** One transaction: at most {@link #MAX_BATCH} bytes of complete lines (by default). */
    public Result ingestBatch() {
        return db.transaction("ingest the inbox " + inbox, this::ingestBatch);
    }

    private Result ingestBatch(Connection c) throws SQLException {
        try (FileChannel ch = open()) {
            if (ch == null) return new Result(0, 0, false);
            String key = String.valueOf(Files.readAttributes(inbox, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey());
            Offset stored = lockOffset(c, key);
            long from = stored.fileKey().equals(key) && stored.bytes() <= ch.size() ? stored.bytes() : 0;
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(maxBatch, Math.max(0, ch.size() - from)));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read until the buffer is full or the file ends
            }
            byte[] bytes = buf.array();
            int length = buf.position();
            int end = lastNewline(bytes, length) + 1; // complete lines end here
            List<StatusEvent> events = new ArrayList<>();
            int malformed = 0;
            if (end == 0 && length == maxBatch) {
                end = length; // a whole batch without a newline is not a status line: skip it
                malformed = 1;
            } else {
                for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank()) continue;
                    StatusEvent e = StatusLines.parse(line);
                    if (e == null) malformed++;
                    else events.add(e);
                }
            }
            PgEvents.append(c, host, events);
            storeOffset(c, key, from + end, events.size(), malformed);
            beforeCommit.run();
            return new Result(events.size(), malformed, length == maxBatch);
        } catch (IOException e) {
            throw new SwarmStateException("cannot read the inbox " + inbox + ": " + e, e);
        }
    }

    /** The inbox, not following a link; null while it does not exist. */
    private FileChannel open() throws IOException {
        try {
            if (!Files.isRegularFile(inbox, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(inbox, LinkOption.NOFOLLOW_LINKS)) {
                    throw new SwarmStateException("the inbox " + inbox + " is not a regular file (a link, a FIFO?);"
                            + " remove it: workers recreate it");
                }
                return null;
            }
            return FileChannel.open(inbox, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private record Offset(String fileKey, long bytes) {
    }

    /** The stored offset, its row locked until commit (a second ingester of this inbox waits); created at 0. */
    private Offset lockOffset(Connection c, String key) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO inbox_offsets (host, inbox, file_key,"
                + " byte_offset, updated_at) VALUES (?, ?, ?, 0, ?) ON CONFLICT (host, inbox) DO NOTHING")) {
            ins.setString(1, host);
            ins.setString(2, inbox.toString());
            ins.setString(3, key);
            Sql.setInstant(ins, 4, clock.instant());
            ins.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT file_key, byte_offset FROM inbox_offsets"
                + " WHERE host = ? AND inbox = ? FOR UPDATE")) {
            ps.setString(1, host);
            ps.setString(2, inbox.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Offset(rs.getString(1), rs.getLong(2));
            }
        }
    }

    private void storeOffset(Connection c, String key, long offset, int events, int malformed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE inbox_offsets SET file_key = ?, byte_offset = ?,"
                + " lines = lines + ?, malformed = malformed + ?, updated_at = ? WHERE host = ? AND inbox = ?")) {
            ps.setString(1, key);
            ps.setLong(2, offset);
            ps.setLong(3, events);
            ps.setLong(4, malformed);
            Sql.setInstant(ps, 5, clock.instant());
            ps.setString(6, host);
            ps.setString(7, inbox.toString());
            ps.executeUpdate();
        }
    }

    private static int lastNewline(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') return i;
        }
        return -1;
    }
}
