package io.aiswarm.master;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Realistic pane captures kept under src/test/resources/io/aiswarm/master/screens. */
public final class Screens {
    private Screens() {
    }

    public static String load(String name) {
        try (InputStream in = Screens.class.getResourceAsStream("screens/" + name)) {
            if (in == null) throw new IllegalArgumentException("no test screen " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Some ordinary output lines above a prompt, as a task would print them. */
    public static String withOutputAbove(String prompt) {
        return "$ ./run-task.sh\nstep 1: fetching sources\nstep 2: compiling\nstep 3: running checks\n" + prompt;
    }
}
