package io.aiswarm.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.aiswarm.state.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HELP webhook against a real HTTP server on loopback. */
@Timeout(60)
class WebhookNotifierTest {
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    HttpServer server;

    private URI serve(int failFirst, boolean hang) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int n = calls.incrementAndGet();
            if (hang) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(n <= failFirst ? 503 : 204, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) server.stop(0);
    }

    @Test
    void postsOneJsonNoticeAndRetriesAFailingEndpoint() throws Exception {
        WebhookNotifier hook = new WebhookNotifier(serve(2, false), Duration.ofSeconds(5), Duration.ofMillis(10),
                log::add);
        assertThat(hook.notifyHelp("worker-1", "t7", "Delete all files? [y/N]").get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(calls.get()).isEqualTo(3);
        JsonNode body = Json.MAPPER.readTree(bodies.get(0));
        assertThat(body.get("worker").asText()).isEqualTo("worker-1");
        assertThat(body.get("task").asText()).isEqualTo("t7");
        assertThat(body.get("why").asText()).isEqualTo("Delete all files? [y/N]");
        assertThat(body.get("answer").asText()).isEqualTo("swarm answer worker-1 yes|no|cancel");
        assertThat(log).isEmpty();
    }

    @Test
    void aSlowEndpointNeverHoldsTheCallerAndIsGivenUpAfterItsTimeLimits() throws Exception {
        WebhookNotifier hook = new WebhookNotifier(serve(0, true), Duration.ofMillis(300), Duration.ofMillis(10),
                log::add);
        var sent = hook.notifyHelp("worker-0", null, "waiting");
        assertThat(sent).isNotDone(); // the master's round goes on at once
        assertThat(sent.get(20, TimeUnit.SECONDS)).isFalse();
        // the client gave up on every try (the log counts them); a try cut short may not have reached the server yet
        assertThat(calls.get()).isBetween(1, WebhookNotifier.TRIES);
        assertThat(log).singleElement().asString().contains("AI_SWARM_NOTIFY_URL", "not taken after 3 tries");
    }

    @Test
    void anUnusableUrlIsRefusedNamingTheSetting() {
        assertThat(WebhookNotifier.from("", log::add)).isNull();
        assertThatThrownBy(() -> WebhookNotifier.from("ftp://x/y", log::add))
                .hasMessageContaining("AI_SWARM_NOTIFY_URL 'ftp://x/y' is not an http:// or https:// URL");
        assertThatThrownBy(() -> WebhookNotifier.from("not a url", log::add)).hasMessageContaining("not an http");
    }
}
