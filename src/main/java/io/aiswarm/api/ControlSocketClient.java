package io.aiswarm.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Timer;
import java.util.TimerTask;

/** Talks to the active master over its local socket ({@link ControlSocketServer}). */
public final class ControlSocketClient {
    private final Path socket;
    private final String via;

    private ControlSocketClient(Path socket, String via) {
        this.socket = socket;
        this.via = via;
    }

    /** @param via who is asking, for the master's log: "cli", "top" */
    public static ControlSocketClient of(Path socket, String via) {
        return new ControlSocketClient(socket, via);
    }

    /** True when a socket file is there (a master may be listening; a dead one's file may be left). */
    public boolean present() {
        return Files.exists(socket, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * One call; empty when no master listens (no socket, or a dead master's). Gives up after {@code timeout}: a
     * caller then answers without the master.
     */
    public Optional<ApiResponse> call(String method, String target, String body, Duration timeout) {
        if (!present()) return Optional.empty();
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return Optional.empty(); // refused: the master that made it is gone
        }
        Timer watchdog = new Timer("swarm-control-timeout", true);
        watchdog.schedule(new TimerTask() {
            @Override
            public void run() {
                closeQuietly(ch);
            }
        }, timeout.toMillis());
        try (ch) {
            send(ch, method, target, body, null);
            String line = reader(ch).readLine();
            if (line == null) return Optional.empty();
            JsonNode json = Json.MAPPER.readTree(line);
            return Optional.of(new ApiResponse(json.path("status").asInt(500), json.path("content_type").asText(),
                    json.path("body").asText()));
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            watchdog.cancel();
        }
    }

    /** One event of a stream: its name ("snapshot", "status", "reset", "keep-alive"), id and data. */
    public record StreamEvent(String name, String id, String data) {
    }

    /** An open event stream; {@link #next()} blocks for the next event, null once the master closed it. */
    public final class Stream implements AutoCloseable {
        private final SocketChannel ch;
        private final BufferedReader in;

        private Stream(SocketChannel ch) throws IOException {
            this.ch = ch;
            this.in = reader(ch);
        }

        public StreamEvent next() throws IOException {
            String line = in.readLine();
            if (line == null) return null;
            JsonNode json = Json.MAPPER.readTree(line);
            return new StreamEvent(json.path("event").asText(), json.hasNonNull("id") ? json.get("id").asText() : null,
                    json.path("data").asText());
        }

        @Override
        public void close() {
            closeQuietly(ch);
        }
    }

    /** Opens /api/events; empty when no master listens. */
    public Optional<Stream> events(String lastEventId) {
        if (!present()) return Optional.empty();
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                send(ch, "GET", "/api/events", "", lastEventId);
                return Optional.of(new Stream(ch));
            } catch (IOException e) {
                closeQuietly(ch);
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(SocketChannel ch, String method, String target, String body, String lastEventId)
            throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", method);
        request.put("target", target);
        request.put("body", body);
        request.put("via", via);
        if (lastEventId != null) request.put("last_event_id", lastEventId);
        OutputStream out = Channels.newOutputStream(ch);
        out.write(Json.MAPPER.writeValueAsBytes(request));
        out.write('\n');
        out.flush();
    }

    private static BufferedReader reader(SocketChannel ch) {
        return new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
