package io.aiswarm.top;

import java.util.ArrayList;
import java.util.List;

/** Bytes a terminal sends for keys, as names: arrows (normal and keypad mode), Tab, Enter, Ctrl-C, letters. */
final class KeyParser {
    private KeyParser() {
    }

    static List<String> parse(byte[] b, int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c == 27 && i + 2 < n && (b[i + 1] == '[' || b[i + 1] == 'O')) {
                int end = i + 2;
                while (end < n && (b[end] >= '0' && b[end] <= '9' || b[end] == ';')) end++;
                if (end >= n) break;
                String seq = new String(b, i + 2, end - i - 1, java.nio.charset.StandardCharsets.US_ASCII);
                keys.add(switch (seq) {
                    case "A" -> "up";
                    case "B" -> "down";
                    case "5~" -> "pageup";
                    case "6~" -> "pagedown";
                    case "Z" -> "backtab";
                    default -> "unknown";
                });
                i = end;
            } else if (c == 27) {
                keys.add("escape");
            } else if (c == '\t') {
                keys.add("tab");
            } else if (c == '\r' || c == '\n') {
                keys.add("enter");
            } else if (c == 3) {
                keys.add("ctrl-c");
            } else if (c >= 32 && c < 127) {
                keys.add(String.valueOf((char) c));
            }
        }
        return keys;
    }
}
