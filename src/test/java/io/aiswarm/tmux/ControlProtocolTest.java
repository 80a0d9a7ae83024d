package io.aiswarm.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlProtocolTest {
    private final List<String> events = new ArrayList<>();
    private final ControlProtocol protocol = new ControlProtocol(new ControlProtocol.Sink() {
        @Override
        public void reply(List<String> lines, boolean error) {
            events.add((error ? "error" : "reply") + lines);
        }

        @Override
        public void ownBlock(List<String> lines, boolean error) {
            events.add("own" + lines);
        }

        @Override
        public void notification(byte[] line) {
            events.add("note:" + new String(line, StandardCharsets.UTF_8));
        }
    });

    private void feed(String... lines) {
        for (String l : lines) protocol.accept(l.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBlockEndsOnlyAtTheMatchingEndLine() {
        feed("%begin 100 7 1", "%end 1 2 1", "%end 100 8 1", "%error 100 7 0", "%begin 5 5 1", "%end 100 7 1",
                "%window-add @1");
        assertThat(events).containsExactly(
                "reply[%end 1 2 1, %end 100 8 1, %error 100 7 0, %begin 5 5 1]", "note:%window-add @1");
    }

    @Test
    void flagZeroBlocksAreTmuxsOwnAndErrorsAreReported() {
        feed("%begin 1 1 0", "%end 1 1 0", "%session-changed $0 s", "%begin 1 2 1", "parse error: x",
                "%error 1 2 1", "stray message");
        assertThat(events).containsExactly("own[]", "note:%session-changed $0 s", "error[parse error: x]",
                "note:stray message");
    }
}
