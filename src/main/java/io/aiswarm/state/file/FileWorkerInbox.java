package io.aiswarm.state.file;

import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.SwarmPaths;
import io.aiswarm.state.WorkerInbox;
import java.nio.file.Path;
import java.util.List;

/** The machine's inbox in its swarm directory ({@code status.log}), its growth seen through a {@link FileChangeFeed}. */
public record FileWorkerInbox(Path file) implements WorkerInbox {
    public static FileWorkerInbox of(SwarmPaths paths) {
        return new FileWorkerInbox(paths.statusLog());
    }

    @Override
    public ChangeFeed changes() {
        return new FileChangeFeed(List.of(file));
    }
}
