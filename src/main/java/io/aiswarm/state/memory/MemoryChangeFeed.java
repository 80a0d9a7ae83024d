package io.aiswarm.state.memory;

import io.aiswarm.state.ChangeFeed;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Calls every watcher on the writer's thread right after each write. */
final class MemoryChangeFeed implements ChangeFeed {
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    @Override
    public Watch watch(Runnable onChange) {
        watchers.add(onChange);
        return () -> watchers.remove(onChange);
    }

    void changed() {
        for (Runnable w : watchers) w.run();
    }
}
