package io.aiswarm.tmux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Delivers text to a pane byte for byte. Short printable single-line text goes as
 * {@code send-keys -l -- 'quoted'}; anything long, multi-line or with control characters goes through a
 * paste buffer: {@code load-buffer} from a private temp file, then {@code paste-buffer -p -r -d}
 * (-p: bracketed paste when the program asked for it; -r: keep LF as LF, no CR translation;
 * -d: delete the buffer). Enter is always a key, never literal text.
 */
final class PaneInput implements AutoCloseable {
    /** Beyond this many chars, one paste is cheaper than a long send-keys line. */
    static final int SEND_KEYS_LIMIT = 512;
    private static final AtomicLong BUFFERS = new AtomicLong();

    private final ControlModeClient client;
    private volatile Path pasteDir;

    PaneInput(ControlModeClient client) {
        this.client = client;
    }

    void send(String paneId, String text, boolean enter) {
        List<String> commands = new ArrayList<>(3);
        Path file = null;
        if (!text.isEmpty()) {
            if (typeable(text)) {
                commands.add("send-keys -t " + paneId + " -l -- " + TmuxQuoting.quote(text));
            } else {
                file = writeTemp(text);
                String buffer = "swarm-paste-" + ProcessHandle.current().pid() + "-" + BUFFERS.incrementAndGet();
                commands.add("load-buffer -b " + buffer + " " + TmuxQuoting.quote(file.toString()));
                commands.add("paste-buffer -p -r -d -b " + buffer + " -t " + paneId);
            }
        }
        if (enter) commands.add("send-keys -t " + paneId + " Enter");
        try {
            List<CompletableFuture<List<String>>> replies = client.pipeline(commands);
            for (int i = 0; i < replies.size(); i++) ControlModeClient.await(replies.get(i), commands.get(i));
        } finally {
            if (file != null) deleteQuietly(file);
        }
    }

    void key(String paneId, String key) {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("empty tmux key name");
        client.command("send-keys -t " + paneId + " " + TmuxQuoting.quote(key));
    }

    /** Printable, one line, not too long: send-keys -l handles it exactly. Tab is typed as the Tab key. */
    static boolean typeable(String text) {
        if (text.length() > SEND_KEYS_LIMIT) return false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || Character.isSurrogate(c) && !validPair(text, i)) return false;
        }
        return true;
    }

    private static boolean validPair(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    private Path writeTemp(String text) {
        try {
            Path file = Files.createTempFile(dir(), "paste-", ".txt"); // owner-only permissions
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a paste file for tmux: " + e.getMessage(), e);
        }
    }

    private Path dir() throws IOException {
        Path d = pasteDir;
        if (d == null) {
            synchronized (this) {
                if (pasteDir == null) pasteDir = Files.createTempDirectory("ai-swarm-paste-"); // 0700
                d = pasteDir;
            }
        }
        return d;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file; the directory is removed on close
        }
    }

    @Override
    public void close() {
        Path d = pasteDir;
        if (d == null) return;
        try (Stream<Path> files = Files.walk(d)) {
            files.sorted(Comparator.reverseOrder()).forEach(PaneInput::deleteQuietly);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
