package io.aiswarm.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PaneOutputDecoderTest {
    @Test
    void unescapesOctalControlBytesAndBackslash() {
        byte[] line = "x a\\015\\012b\\134c\\".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(PaneOutputDecoder.unescape(line, 2)).isEqualTo("a\r\nb\\c\\".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void utf8SplitAcrossNotificationsIsJoinedPerPane() {
        byte[] check = "✓é".getBytes(StandardCharsets.UTF_8); // 3 + 2 bytes
        PaneOutputDecoder decoder = new PaneOutputDecoder();
        byte[] first = {check[0], check[1]};
        byte[] other = "z".getBytes(StandardCharsets.UTF_8);
        byte[] second = {check[2], check[3]};
        byte[] third = {check[4], 'k'};
        assertThat(decoder.decode("%1", first, 0)).isEmpty();
        assertThat(decoder.decode("%2", other, 0)).isEqualTo("z");
        assertThat(decoder.decode("%1", second, 0)).isEqualTo("✓");
        assertThat(decoder.decode("%1", third, 0)).isEqualTo("ék");
    }
}
