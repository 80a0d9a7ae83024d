package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCapAndStartsOverAfterASuccess() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        Instant t = Instant.parse("2026-01-31T12:00:00Z");
        assertThat(b.due(t)).isTrue();
        b.failed(t);
        assertThat(b.delay()).isEqualTo(Duration.ofMillis(500));
        assertThat(b.due(t.plusMillis(499))).isFalse();
        assertThat(b.due(t.plusMillis(500))).isTrue();
        for (int i = 0; i < 5; i++) b.failed(t);
        assertThat(b.delay()).isEqualTo(Duration.ofSeconds(16));
        for (int i = 0; i < 100; i++) b.failed(t);
        assertThat(b.delay()).isEqualTo(Duration.ofSeconds(30));
        b.succeeded();
        assertThat(b.delay()).isZero();
        assertThat(b.due(t)).isTrue();
    }
}
