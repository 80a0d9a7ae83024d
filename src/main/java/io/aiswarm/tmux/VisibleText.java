package io.aiswarm.tmux;

/**
 * Whether a piece of pane output draws any text: a byte above space outside terminal escape sequences (ESC and one
 * byte; CSI up to its final byte; OSC up to BEL or ST). Output of escapes, spaces and line ends alone (an exec runner
 * clearing the screen and switching logs, a cursor blink) draws no prompt, so it is not worth a look at the screen.
 * A sequence split across two pieces makes the second count as text: a look too many, never one too few.
 */
final class VisibleText {
    private VisibleText() {
    }

    /** For the value of one %output line, {@code line[from..]}, still escaped as tmux sends it (\ooo). */
    static boolean in(byte[] line, int from) {
        int state = GROUND;
        for (int i = from; i < line.length; i++) {
            int b = PaneOutputDecoder.escapedAt(line, i);
            if (b >= 0) {
                i += 3;
            } else {
                b = line[i] & 0xff;
            }
            switch (state) {
                case GROUND -> {
                    if (b == 0x1b) state = ESCAPE;
                    else if (b > 0x20 && b != 0x7f) return true;
                }
                case ESCAPE -> state = b == '[' ? CSI : b == ']' ? OSC : GROUND;
                case CSI -> {
                    if (b >= 0x40 && b <= 0x7e) state = GROUND;
                }
                case OSC -> {
                    if (b == 0x07) state = GROUND;
                    else if (b == 0x1b) state = OSC_ESCAPE;
                }
                default -> state = b == '\\' ? GROUND : OSC; // OSC_ESCAPE: ST is ESC backslash
            }
        }
        return false;
    }

    private static final int GROUND = 0;
    private static final int ESCAPE = 1;
    private static final int CSI = 2;
    private static final int OSC = 3;
    private static final int OSC_ESCAPE = 4;
}
