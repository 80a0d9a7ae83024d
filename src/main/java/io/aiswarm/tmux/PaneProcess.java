package io.aiswarm.tmux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a pane's process has ended, from /proc: gone, or a zombie nobody reaped yet. */
final class PaneProcess {
    private PaneProcess() {
    }

    static boolean ended(long pid) {
        if (pid <= 0) return true;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }
}
