package io.aiswarm.tmux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the control-mode stream (one line at a time, as bytes) into reply blocks and notifications.
 * A block starts at {@code %begin TIME NUMBER FLAGS} and ends only at the {@code %end} or {@code %error}
 * line carrying the same three values: pane text inside a block may itself look like {@code %end 1 2 1}.
 * Blocks with flags 0 are tmux's own (the attach command's reply), not answers to our commands.
 * Not thread-safe: fed by the reader thread only.
 */
final class ControlProtocol {

    /** Receives what the stream contains; called on the reader thread, so it must not block. */
    interface Sink {
        /** A reply to one of our commands (a block with non-zero flags), in the order tmux answered. */
        void reply(List<String> lines, boolean error);

        /** tmux's own block (flags 0): the attach/new-session command finished. */
        void ownBlock(List<String> lines, boolean error);

        /** A line outside any block: a notification such as {@code %output}, or a stray message. */
        void notification(byte[] line);
    }

    private final Sink sink;
    private String openTail;      // "TIME NUMBER FLAGS" of the open block, or null
    private boolean openIsOurs;
    private List<String> lines;

    ControlProtocol(Sink sink) {
        this.sink = sink;
    }

    void accept(byte[] line) {
        if (openTail == null) {
            if (startsWith(line, "%begin ")) {
                openTail = ascii(line, 7);
                openIsOurs = !flagsOf(openTail).equals("0");
                lines = new ArrayList<>();
            } else {
                sink.notification(line);
            }
            return;
        }
        boolean end = startsWith(line, "%end ");
        boolean error = !end && startsWith(line, "%error ");
        if ((end || error) && ascii(line, end ? 5 : 7).equals(openTail)) {
            List<String> block = lines;
            boolean ours = openIsOurs;
            openTail = null;
            lines = null;
            if (ours) {
                sink.reply(block, error);
            } else {
                sink.ownBlock(block, error);
            }
            return;
        }
        lines.add(new String(line, StandardCharsets.UTF_8));
    }

    private static String flagsOf(String tail) {
        int space = tail.lastIndexOf(' ');
        return space < 0 ? tail : tail.substring(space + 1);
    }

    static boolean startsWith(byte[] line, String prefix) {
        if (line.length < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) return false;
        }
        return true;
    }

    private static String ascii(byte[] line, int from) {
        return new String(line, from, line.length - from, StandardCharsets.ISO_8859_1);
    }
}
