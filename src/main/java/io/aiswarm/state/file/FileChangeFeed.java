package io.aiswarm.state.file;

import io.aiswarm.state.ChangeFeed;
import io.aiswarm.state.SwarmStateException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Changes of a file store: its files' directories are watched (inotify on Linux), filtered by name, so a file
 * replaced by rename (tasks.json) is seen as well as one appended to (status.log). Any process's write is seen.
 */
public final class FileChangeFeed implements ChangeFeed {
    private final List<Path> files;

    public FileChangeFeed(List<Path> files) {
        this.files = files.stream().map(f -> f.toAbsolutePath().normalize()).toList();
    }

    @Override
    public Watch watch(Runnable onChange) {
        try {
            return new FileWatch(files, onChange);
        } catch (IOException e) {
            throw new SwarmStateException("cannot watch " + files + " for changes: " + e.getMessage(), e);
        }
    }

    private static final class FileWatch implements Watch {
        private final WatchService watcher;
        private final Thread thread;

        FileWatch(List<Path> files, Runnable onChange) throws IOException {
            watcher = FileSystems.getDefault().newWatchService();
            Set<Path> dirs = new HashSet<>();
            try {
                for (Path file : files) {
                    if (dirs.add(file.getParent())) {
                        file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_MODIFY);
                    }
                }
            } catch (IOException e) {
                watcher.close();
                throw e;
            }
            Set<Path> watched = Set.copyOf(files);
            thread = new Thread(() -> run(watched, onChange), "swarm-store-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(Set<Path> files, Runnable onChange) {
            try {
                while (true) {
                    WatchKey key = watcher.take();
                    Path dir = (Path) key.watchable();
                    boolean relevant = false;
                    for (WatchEvent<?> event : key.pollEvents()) {
                        Object context = event.context();
                        if (event.kind() == StandardWatchEventKinds.OVERFLOW
                                || context instanceof Path p && files.contains(dir.resolve(p))) relevant = true;
                    }
                    key.reset();
                    if (relevant) onChange.run();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // closed
            }
        }

        @Override
        public void close() {
            try {
                watcher.close();
                thread.join(TimeUnit.SECONDS.toMillis(1));
            } catch (IOException e) {
                // the watch thread ends either way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
