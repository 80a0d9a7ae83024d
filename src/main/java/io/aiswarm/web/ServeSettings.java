package io.aiswarm.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the web page is served: {@code serve.json} in the swarm directory, written by `swarm serve` (or
 * `swarm up --serve`) and read by every master of the cluster when it becomes active, so the page survives a
 * master's restart or a standby's takeover until `swarm serve --stop`.
 */
public record ServeSettings(String bind, int port) {
    public static final int DEFAULT_PORT = 8420;
    public static final String DEFAULT_BIND = "127.0.0.1";

    public ServeSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: give 1-65535 (0: any free port)");
        }
        if (bind == null || bind.isBlank()) throw new IllegalArgumentException("--bind needs an address");
    }

    /** True for 127.0.0.0/8 and ::1 (and names resolving there): no token needed to look. */
    public boolean loopback() {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + bind + ": unknown address", e);
        }
    }

    public static Optional<ServeSettings> read(Path file) {
        try {
            Optional<byte[]> bytes = SafeFiles.readIfExists(file);
            if (bytes.isEmpty()) return Optional.empty();
            JsonNode json = Json.MAPPER.readTree(new String(bytes.get(), StandardCharsets.UTF_8));
            if (!json.path("port").canConvertToInt() || !json.path("bind").isTextual()) {
                throw new SwarmStateException(file + ": expected {\"bind\": \"ADDRESS\", \"port\": N}; fix it or "
                        + "run swarm serve again");
            }
            return Optional.of(new ServeSettings(json.get("bind").asText(), json.get("port").asInt()));
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SwarmStateException(file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bind", bind);
        json.put("port", port);
        try {
            SafeFiles.writeAtomically(file, (Json.PRETTY.writeValueAsString(json) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static boolean remove(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
