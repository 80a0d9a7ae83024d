package io.aiswarm.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aiswarm.testing.TmuxServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlModeClientIT {
    private final TmuxServer server = new TmuxServer();
    private ControlModeClient client;

    @BeforeEach
    void startSession() {
        server.run("new-session", "-d", "-s", "s", "-x", "120", "-y", "40");
        client = ControlModeClient.attach(server.socket(), "s");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void answersCommandsInOrderIncludingPipelinedOnes() {
        assertThat(client.command("display-message -p hello")).containsExactly("hello");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) lines.add("display-message -p 'n " + i + "'");
        List<CompletableFuture<List<String>>> futures = client.pipeline(lines);
        for (int i = 0; i < 300; i++) {
            assertThat(ControlModeClient.await(futures.get(i), "n")).containsExactly("n " + i);
        }
        assertThat(client.commandAsync("display-message -p async").join()).containsExactly("async");
    }

    @Test
    void replyTextThatLooksLikeAnEndLineDoesNotEndTheBlock() {
        client.command("set-buffer -b fake " + TmuxQuoting.quote("%end 1 2 1"));
        assertThat(client.command("show-buffer -b fake")).containsExactly("%end 1 2 1");
        client.command("set-buffer -b fake2 " + TmuxQuoting.quote("%begin 1 2 1"));
        assertThat(client.command("show-buffer -b fake2")).containsExactly("%begin 1 2 1");
        assertThat(client.command("display-message -p next")).containsExactly("next");
    }

    @Test
    void aFailedCommandThrowsWithTmuxsMessageAndTheClientGoesOn() {
        assertThatThrownBy(() -> client.command("no-such-command x"))
                .isInstanceOf(TmuxException.class).hasMessageContaining("no-such-command");
        assertThat(client.command("display-message -p ok")).containsExactly("ok");
    }

    @Test
    void refusesLinesThatWouldBreakTheProtocol() {
        assertThatThrownBy(() -> client.command("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.command("display -p a\ndisplay -p b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(client.command("display-message -p still")).containsExactly("still");
    }

    @Test
    void attachingToAMissingSessionSaysSo() {
        assertThatThrownBy(() -> ControlModeClient.attach(server.socket(), "nope"))
                .isInstanceOf(TmuxException.class).hasMessageContaining("nope");
    }

    @Test
    void sessionKilledUnderTheClientFailsCommandsAndReportsClosed() {
        AtomicReference<String> closed = new AtomicReference<>();
        client.addListener(new ControlListener() {
            @Override
            public void closed(String reason) {
                closed.set(reason);
            }
        });
        server.run("new-session", "-d", "-s", "other");
        server.run("kill-session", "-t", "s");
        await().atMost(Duration.ofSeconds(20)).until(() -> closed.get() != null);
        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(() -> client.command("display-message -p x"))
                .isInstanceOf(TmuxException.class).hasMessageContaining("'s'").hasMessageContaining("gone");
    }

    @Test
    void serverKilledUnderTheClientFailsCommandsAndReportsClosed() {
        AtomicReference<String> closed = new AtomicReference<>();
        client.addListener(new ControlListener() {
            @Override
            public void closed(String reason) {
                closed.set(reason);
            }
        });
        server.run("kill-server");
        await().atMost(Duration.ofSeconds(20)).until(() -> closed.get() != null);
        assertThatThrownBy(() -> client.command("display-message -p x"))
                .isInstanceOf(TmuxException.class).hasMessageContaining("gone");
    }

    @Test
    void aCommandInFlightEndsWhenTheServerDiesAndLaterOnesFail() throws Exception {
        // wait-for blocks until signalled; on exit tmux answers it (or the stream ends and it fails): never a hang
        CompletableFuture<List<String>> blocked = client.commandAsync("wait-for swarm-never-signalled");
        server.run("kill-server");
        blocked.handle((v, e) -> null).get(20, java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> !client.isOpen());
        assertThatThrownBy(() -> client.command("display-message -p x")).isInstanceOf(TmuxException.class)
                .hasMessageContaining("gone");
    }

    /** As TmuxSwarmManager#respawnLines does: tmux 3.3 can crash on a respawn while this client is behind. */
    private void respawnWithOutputOn(String pane, String command) {
        client.command("refresh-client -A " + TmuxQuoting.quote(pane + ":pause"));
        client.command("respawn-pane -k -t " + pane + " -- " + command);
        client.command("refresh-client -A " + TmuxQuoting.quote(pane + ":continue"));
    }

    @Test
    void outputIsDecodedPerPaneWhenEnabled() {
        StringBuffer seen = new StringBuffer();
        client.addListener(new ControlListener() {
            @Override
            public void output(String paneId, String text) {
                seen.append(text);
            }
        });
        client.setOutputEnabled(true);
        String pane = client.command("display-message -p -t s '#{pane_id}'").get(0);
        // printed repeatedly: tmux 3.3 may drop the output of a process that ends right after its start
        respawnWithOutputOn(pane, "sh -c "
                + TmuxQuoting.quote("while :; do printf 'h\\303\\251 \\342\\234\\223 \\\\ end\\n'; sleep 0.2; done"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen.toString()).contains("hé ✓ \\ end"));
    }

    @Test
    void keepsAnsweringQuicklyWhileAPaneFloodsOutput() {
        StringBuffer count = new StringBuffer();
        client.addListener(new ControlListener() {
            @Override
            public void output(String paneId, String text) {
                if (count.length() < 10) count.append('x');
            }
        });
        client.setOutputEnabled(true);
        String pane = client.command("display-message -p -t s '#{pane_id}'").get(0);
        respawnWithOutputOn(pane, "yes");
        await().atMost(Duration.ofSeconds(20)).until(() -> count.length() >= 10);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(client.command("display-message -p 'q " + i + "'")).containsExactly("q " + i);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // generous: 100 round trips behind a flooding pane on a loaded 2-core machine
        assertThat(millis).isLessThan(10_000);
    }
}
