package io.aiswarm.top;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyParserTest {
    private static java.util.List<String> keys(String typed) {
        byte[] b = typed.getBytes(StandardCharsets.ISO_8859_1);
        return KeyParser.parse(b, b.length);
    }

    @Test
    void arrowsInBothCursorModesTabEnterAndLetters() {
        assertThat(keys("\u001b[A\u001bOB\tn\r\u0003\u001b[6~")).containsExactly("up", "down", "tab", "n", "enter",
                "ctrl-c", "pagedown");
        assertThat(keys("\u001b")).containsExactly("escape");
    }
}
