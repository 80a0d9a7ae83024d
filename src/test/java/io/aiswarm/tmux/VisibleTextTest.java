package io.aiswarm.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which %output values draw text (the values as tmux sends them: bytes below 0x20 and backslash as \ooo). */
class VisibleTextTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // an exec runner's own output around a task that printed nothing
            "\\033c\\033[3J\\033]7771;Ltask-1\\007|false",
            "\\033]7771;E\\007\\015\\012|false",
            "\\033]7771;N\\007|false",
            "\\015\\012   \\011|false",
            "\\033[?25l\\033[2K\\033[1;1H|false",
            "\\033]0;title\\033\\134|false", // OSC ended by ST (ESC backslash)
            // text, alone or after escapes
            "Press Enter to continue|true",
            "\\033]7771;Ltask-1\\007Continue? [y/N]|true",
            "\\033[1mbold\\033[0m|true",
            "\\033]0;title\\033\\134$ |true",
            "\\134|true", // a backslash printed
            "é|true",
            // the second piece of a sequence split in two counts as text: a look too many, never one too few
            "7771;E\\007|true",
    })
    void drawsText(String value, boolean text) {
        byte[] line = ("%output %3 " + value).getBytes(StandardCharsets.UTF_8);
        assertThat(VisibleText.in(line, "%output %3 ".length())).isEqualTo(text);
    }
}
