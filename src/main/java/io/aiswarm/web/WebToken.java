package io.aiswarm.web;

import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The web page's access token: 32 random bytes, URL-safe, in {@code web.token} (0600) in the swarm directory.
 * Made once, the first time a page is served beyond loopback; whoever made it prints it that one time.
 */
public final class WebToken {
    private WebToken() {
    }

    /** The stored token, made now if there is none; {@code created} says which. */
    public record Loaded(String token, boolean created) {
    }

    public static Loaded loadOrCreate(Path file) {
        try {
            Optional<String> known = read(file);
            if (known.isPresent()) return new Loaded(known.get(), false);
            String token = random(32);
            if (SafeFiles.createNew(file, (token + "\n").getBytes(StandardCharsets.UTF_8))) {
                return new Loaded(token, true);
            }
            return new Loaded(read(file).orElseThrow(), false); // made by another process meanwhile
        } catch (IOException e) {
            throw new SwarmStateException("cannot make " + file + ": " + e.getMessage(), e);
        }
    }

    public static Optional<String> read(Path file) {
        try {
            return SafeFiles.readIfExists(file).map(b -> new String(b, StandardCharsets.UTF_8).strip())
                    .filter(t -> !t.isEmpty());
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
