package io.aiswarm.tmux;

/**
 * Quotes one argument for tmux's command parser, so that any text arrives as exactly one argument.
 * Inside single quotes tmux treats nothing as special (no ; # $ ~ {} or \), so text goes in single
 * quotes with {@code '} written as {@code '\''}. A control-mode command must stay on one line, so
 * control characters (line breaks, tabs, ESC, DEL...) are written as octal escapes in a double-quoted
 * piece, which tmux joins to its neighbours: {@code "a\nb"} becomes {@code 'a'"\012"'b'}.
 * {@link #shell(String)} is the POSIX sh rule (single quotes only), for commands tmux hands to sh.
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
            } else if (c < 0x20 || c == 0x7f) {
                out.append("'\"\\").append(octal(c)).append("\"'");
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /**
     * Text for an argument that tmux expands as a format (a start directory, a pipe-pane command): every '#' doubled,
     * so a path holding "#(cmd)" is taken literally and never runs cmd.
     */
    public static String noFormat(String s) {
        return s.replace("#", "##");
    }

    /** Single-quotes for sh: {@code '} as {@code '\''}; every other character stays as it is, line breaks too. */
    public static String shell(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String octal(char c) {
        String digits = Integer.toOctalString(c);
        return "000".substring(digits.length()) + digits;
    }
}
