package io.aiswarm.top;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shows a long text (a task's diff) in the person's pager: $PAGER, else {@code less -R}, on the real terminal. */
final class Pager {
    private Pager() {
    }

    static void show(String text) throws IOException, InterruptedException {
        Path file = Files.createTempFile("swarm-top-", ".txt");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            String pager = System.getenv().getOrDefault("PAGER", "");
            List<String> argv = pager.isBlank() ? List.of("less", "-R", file.toString())
                    : List.of("sh", "-c", pager + " \"$1\"", "pager", file.toString());
            Process p = new ProcessBuilder(argv).inheritIO().start();
            p.waitFor(24, TimeUnit.HOURS);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
