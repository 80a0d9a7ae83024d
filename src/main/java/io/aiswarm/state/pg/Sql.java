package io.aiswarm.state.pg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.aiswarm.state.Json;
import io.aiswarm.state.SwarmStateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions between Java values and column values shared by the store's SQL classes. */
final class Sql {
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Sql() {
    }

    static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) ps.setNull(index, Types.INTEGER);
        else ps.setInt(index, value);
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** A JSON object for a jsonb column (bind it to {@code ?::jsonb}). */
    static String json(Map<String, Object> object) {
        try {
            return Json.MAPPER.writeValueAsString(object == null ? Map.of() : object);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> object(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) return new LinkedHashMap<>();
        try {
            return Json.MAPPER.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw new SwarmStateException("column " + column + " holds JSON that does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
