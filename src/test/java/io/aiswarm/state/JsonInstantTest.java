package io.aiswarm.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
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
    void theFastFormatterAgreesWithDateTimeFormatter() {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC);
        Random random = new Random(7);
        List<Instant> times = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("2000-02-29T00:00:00.001Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.999Z"), Instant.ofEpochSecond(0, 999_999_999)));
        for (int i = 0; i < 20_000; i++) {
            times.add(Instant.ofEpochSecond(random.nextLong() % 300_000_000_000L, random.nextInt(1_000_000_000)));
        }
        for (Instant t : times) assertThat(Json.format(t)).as("%s", t).isEqualTo(reference.format(t));
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
