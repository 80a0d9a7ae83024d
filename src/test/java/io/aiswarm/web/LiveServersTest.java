package io.aiswarm.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.api.ApiResponse;
import io.aiswarm.api.ControlSocketClient;
import io.aiswarm.master.SwarmMaster;
import io.aiswarm.master.TaskSender;
import io.aiswarm.state.Json;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.file.FileMasterLease;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.view.LiveView;
import io.aiswarm.view.QueueActions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a running master serves while its rounds are slow: a real master loop (lease, files, rounds) feeding the real
 * view, local socket and web server. The only stand-in is delivery, held open the way a tmux server restarting 200
 * panes on a busy machine holds it (measured: 10-30 s, minutes at load 120).
 */
@Timeout(120)
class LiveServersTest {
    private static final Duration CALL = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Delivers nothing until released; says when a round is delivering. */
    private static final class HeldDelivery implements TaskSender {
        final CountDownLatch delivering = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void send(TaskInfo task, String workerId) {
            delivering.countDown();
            try {
                if (!release.await(100, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theMasterAnswersOnItsSocketAndServesThePageWhileItsFirstRoundIsStillDelivering() throws Exception {
        SwarmConfig config = SwarmConfig.from("c1", Map.of("AI_SWARM_DIR", dir.resolve("swarm").toString()));
        Clock clock = Clock.systemUTC();
        FileSwarmStore state = FileSwarmStore.open(config, clock);
        state.queue().addAll(List.of(NewTask.command("sleep 1"), NewTask.command("sleep 2")));
        LiveView view = new LiveView("c1", state.queue(), config.paths(), null,
                () -> FileMasterLease.holder(config.paths().masterLock()).orElse(null), clock);
        HeldDelivery delivery = new HeldDelivery();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (LiveServers live = new LiveServers(config.paths(), view, new QueueActions(state.queue(), null, clock,
                line -> { }), clock, line -> { });
             SwarmMaster master = SwarmMaster.builder(config, clock).store(state).workers(List.of("worker-0", "worker-1")).sender(delivery).listener(live)
                     .build()) {
            Future<?> run = thread.submit(() -> master.runUntil(() -> false, false, false));
            assertThat(delivery.delivering.await(60, TimeUnit.SECONDS)).as("the first round delivers").isTrue();

            ControlSocketClient socket = ControlSocketClient.of(config.paths().controlSocket(), "test");
            Optional<ApiResponse> status = socket.call("GET", "/api/status?format=status-json", "", CALL);
            assertThat(status).as("master.sock answers during the first round's delivery").isPresent();
            assertThat(status.get().status()).isEqualTo(200);
            JsonNode report = Json.MAPPER.readTree(status.get().body());
            assertThat(report.path("workers")).hasSize(2);
            assertThat(report.path("queue").path("pending").asInt()).as("what the round's scan saw").isEqualTo(2);

            // `swarm serve` meanwhile: the page opens at once, not after the delivery
            ApiResponse served = socket.call("POST", LiveServers.SERVE_PATH,
                    "{\"bind\": \"127.0.0.1\", \"port\": 0}", CALL).orElseThrow();
            assertThat(served.status()).as(served.body()).isEqualTo(200);
            String url = Json.MAPPER.readTree(served.body()).path("url").asText();
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                    + "api/workers")).timeout(CALL).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("worker-0", "worker-1");

            delivery.release.countDown();
            master.stop();
            run.get(60, TimeUnit.SECONDS);
        } finally {
            delivery.release.countDown();
            thread.shutdownNow();
        }
    }
}
