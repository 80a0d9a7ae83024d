package io.aiswarm.tmux;

/**
 * Quotes one argument for tmux's command parser (and, by the same rule, for a POSIX shell).
 * Inside single quotes tmux treats nothing as special (no ; # $ ~ {} or \), so the only character
 * to handle is the single quote itself, written as '\'' (close, escaped quote, reopen).
 * A line break cannot be quoted for a control-mode line: callers send such text through a paste buffer.
 */
public final class TmuxQuoting {
    private TmuxQuoting() {
    }

    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                out.append("'\\''");
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
