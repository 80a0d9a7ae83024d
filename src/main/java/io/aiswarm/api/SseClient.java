package io.aiswarm.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of the web event stream (server-sent events) read in the background, one {@link Event} per message: what
 * the benchmark and the tests hold open in place of a page.
 */
public final class SseClient implements AutoCloseable {
    public record Event(String name, String id, String data) {
    }

    private final InputStream body;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "test-sse");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to {@code url} (…/api/events), resuming after {@code lastEventId} when not null. */
    public static SseClient open(HttpClient http, String url, String lastEventId) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) throw new IOException("event stream answered " + response.statusCode());
        return new SseClient(response.body());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (name != null) events.add(new Event(name, id, data.toString()));
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    if (data.length() > 0) data.append('\n');
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** The next message, or null when none came within {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
