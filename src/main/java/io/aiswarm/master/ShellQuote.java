package io.aiswarm.master;

/** POSIX shell single-quoting: the text arrives byte-exact whatever it contains. */
final class ShellQuote {
    private ShellQuote() {
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
