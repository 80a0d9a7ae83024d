package io.aiswarm.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one configured Jackson mapper: state files, the agents' config files (profiles, policy, hook settings, first-run
 * seeds) and {@code swarm status --json}. Instants are written as UTC ISO-8601 with exactly three fraction digits
 * ("2026-01-31T12:00:00.000Z") so files written by Java, shell hooks and Python agree. Duplicate keys are an error:
 * a file rewritten after a lenient read would silently lose one of the values.
 */
public final class Json {
    private static final DateTimeFormatter MILLIS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(instantModule())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Hand-editable layout: two-space indent, one array element per line, "key": value. */
    public static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));

    private Json() {
    }

    /** "2026-01-31T12:00:00.000Z" (milliseconds, UTC). */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > LAST_SECOND_OF_9999) return MILLIS_UTC.format(instant);
        // DateTimeFormatter prints the fraction through BigDecimal: it was a third of a busy master's CPU, spent
        // rewriting tasks.json's timestamps every round
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        char[] c = "0000-00-00T00:00:00.000Z".toCharArray();
        put(c, 0, 4, t.getYear());
        put(c, 5, 7, t.getMonthValue());
        put(c, 8, 10, t.getDayOfMonth());
        put(c, 11, 13, t.getHour());
        put(c, 14, 16, t.getMinute());
        put(c, 17, 19, t.getSecond());
        put(c, 20, 23, instant.getNano() / 1_000_000);
        return new String(c);
    }

    private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;

    /** Writes value's decimal digits right-aligned into c[from, to) (zeros already there pad it). */
    private static void put(char[] c, int from, int to, int value) {
        for (int i = to - 1; i >= from; i--, value /= 10) c[i] = (char) ('0' + value % 10);
    }

    /** Accepts "…Z" with any number of fraction digits, and explicit offsets such as "+02:00". */
    public static Instant parseInstant(String text) {
        Instant fast = parseMillisUtc(text);
        if (fast != null) return fast;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    /**
     * The format this program writes ("2026-01-31T12:00:00.000Z") without the general ISO parser, whose cold start
     * costs a short command tens of milliseconds on a thousand timestamps; null for anything else or out of range
     * (the general parser then decides).
     */
    static Instant parseMillisUtc(String t) {
        if (t == null || t.length() != 24 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(19) != '.' || t.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int millis = digits(t, 20, 23);
        if ((year | month | day | hour | minute | second | millis) < 0) return null;
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static SimpleModule instantModule() {
        SimpleModule module = new SimpleModule("swarm-instants");
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
                    throws IOException {
                gen.writeString(format(value));
            }
        });
        module.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return parseInstant(text);
                } catch (DateTimeParseException | NullPointerException e) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                            "expected a UTC time such as 2026-01-31T12:00:00.000Z");
                }
            }
        });
        return module;
    }
}
