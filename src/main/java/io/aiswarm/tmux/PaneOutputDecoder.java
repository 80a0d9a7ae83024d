package io.aiswarm.tmux;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns {@code %output} values back into text. tmux escapes only bytes below 0x20 and the backslash,
 * as {@code \ooo} octal; everything else arrives raw, so a UTF-8 character can be split across two
 * notifications. Each pane gets its own streaming decoder that keeps an incomplete tail for next time.
 * Not thread-safe: used by the reader thread only.
 */
final class PaneOutputDecoder {
    private final Map<String, PaneState> panes = new HashMap<>();

    /** Unescapes {@code line[from..]} (the value of one %output line) and decodes it with the pane's decoder. */
    String decode(String paneId, byte[] line, int from) {
        PaneState state = panes.computeIfAbsent(paneId, id -> new PaneState());
        return state.decode(unescape(line, from));
    }

    void forget(String paneId) {
        panes.remove(paneId);
    }

    static byte[] unescape(byte[] line, int from) {
        byte[] out = new byte[line.length - from];
        int n = 0;
        for (int i = from; i < line.length; i++) {
            int escaped = escapedAt(line, i);
            if (escaped >= 0) {
                out[n++] = (byte) escaped;
                i += 3;
            } else {
                out[n++] = line[i];
            }
        }
        byte[] exact = new byte[n];
        System.arraycopy(out, 0, exact, 0, n);
        return exact;
    }

    /** The byte tmux wrote as {@code \ooo} at {@code line[i]}, or -1 when no such escape starts there. */
    static int escapedAt(byte[] line, int i) {
        if (line[i] != '\\' || i + 3 >= line.length || !isOctal(line[i + 1]) || !isOctal(line[i + 2])
                || !isOctal(line[i + 3])) {
            return -1;
        }
        return ((line[i + 1] - '0') << 6) | ((line[i + 2] - '0') << 3) | (line[i + 3] - '0');
    }

    private static boolean isOctal(byte b) {
        return b >= '0' && b <= '7';
    }

    private static final class PaneState {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private byte[] carry = new byte[0];

        String decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.allocate(carry.length + bytes.length);
            in.put(carry).put(bytes).flip();
            CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, out, false);
            carry = new byte[in.remaining()];
            in.get(carry);
            return out.flip().toString();
        }
    }
}
