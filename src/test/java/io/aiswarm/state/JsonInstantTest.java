package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonInstantTest {
    @Test
    void theFastPathAgreesWithTheIsoParserOnRandomTimes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong() % 253_402_300_799_999L); // years 0000..9999 (and BC)
            String text = Json.format(t);
            Instant fast = Json.parseMillisUtc(text);
            if (text.length() == 24) assertThat(fast).as(text).isEqualTo(Instant.parse(text));
            assertThat(Json.parseInstant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void anythingElseGoesToTheGeneralParser() {
        assertThat(Json.parseMillisUtc("2026-01-31T12:00:00Z")).isNull();
        assertThat(Json.parseMillisUtc("2026-01-31T12:00:00.000+02:00")).isNull();
        assertThat(Json.parseMillisUtc("2026-02-30T12:00:00.000Z")).isNull();
        assertThat(Json.parseMillisUtc("2026-01-31T24:00:00.000Z")).isNull();
        assertThat(Json.parseMillisUtc("2026-01-31T12:00:6x.000Z")).isNull();
        assertThat(Json.parseMillisUtc("2026-01-31 12:00:00.000Z")).isNull();
        assertThat(Json.parseInstant("2026-01-31T12:00:00Z")).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(Json.parseInstant("2026-01-31T14:00:00.5+02:00")).isEqualTo(Instant.parse("2026-01-31T12:00:00.500Z"));
        assertThat(Json.parseInstant("2026-01-31T12:00:00.123Z")).isEqualTo(Instant.parse("2026-01-31T12:00:00.123Z"));
        assertThatThrownBy(() -> Json.parseInstant("2026-02-30T12:00:00.000Z")).isInstanceOf(DateTimeParseException.class);
    }
}
