package io.aiswarm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SocketHttpTest {
    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsARequestAsCurlSendsIt() throws IOException {
        assertThat(SocketHttp.isRequestLine("POST /cli/v1 HTTP/1.1\r")).isTrue();
        assertThat(SocketHttp.isRequestLine("{\"method\": \"GET\"}")).isFalse();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String body = "\0task\0add\0--\0echo ü\0";
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        ApiRequest r = SocketHttp.read("POST /cli/v1?x=1 HTTP/1.1", in("Host: swarm\r\nExpect: 100-continue\r\n"
                + "Content-Length: " + length + "\r\n\r\n" + body + "trailing"), out, 1024);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/cli/v1");
        assertThat(r.query()).containsEntry("x", "1");
        assertThat(r.body()).isEqualTo(body);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    }

    @Test
    void refusesWhatItDoesNotRead() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> SocketHttp.read("POST / HTTP/1.1", in("Transfer-Encoding: chunked\r\n\r\n"), out, 10))
                .hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> SocketHttp.read("POST / HTTP/1.1", in("Content-Length: 11\r\n\r\n"), out, 10))
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> SocketHttp.read("POST / HTTP/1.1", in("Content-Length: 5\r\n\r\nab"), out, 10))
                .hasMessageContaining("ended early");
    }

    @Test
    void writesAResponseWithItsLength() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SocketHttp.write(out, ApiResponse.text("ü\n"));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: "
                + ApiResponse.TEXT + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\nü\n");
    }
}
