package io.aiswarm.state;

import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers for the child JVMs of cross-process tests. */
public final class ChildSupport {
    private ChildSupport() {
    }

    /** Waits for the parent's go file, so that children started one by one then run at the same time. */
    public static void awaitGo(Path go) throws InterruptedException {
        while (!Files.exists(go)) Thread.sleep(2);
    }
}
