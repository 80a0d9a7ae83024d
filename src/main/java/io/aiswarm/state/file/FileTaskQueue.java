package io.aiswarm.state.file;

import io.aiswarm.state.InterProcessMutex;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskArrivals;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskRules;
import io.aiswarm.state.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The task queue in one JSON file. Readers need no lock (the file is only ever replaced by an atomic rename);
 * every read-modify-write holds an {@link InterProcessMutex} on the sibling {@code <file>.lock}.
 * The last version read or written is kept in memory and reused while the file's identity (inode, size,
 * modification time) is unchanged: the master reads the queue several times a round, and re-parsing a large
 * file each time made its cost grow with the square of the queue.
 */
public final class FileTaskQueue implements TaskQueue {
    private final Path file;
    private final InterProcessMutex mutex;
    private final Clock clock;
    private volatile Snapshot cached;
    private final TaskEncodings encodings = new TaskEncodings();
    private volatile Views views;

    public FileTaskQueue(Path tasksFile, Clock clock) {
        this.file = tasksFile.toAbsolutePath().normalize();
        this.mutex = InterProcessMutex.of(file.resolveSibling(file.getFileName() + ".lock"));
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    @Override
    public List<TaskInfo> list() {
        return new ArrayList<>(views().sorted());
    }

    @Override
    public List<TaskInfo> active() {
        return views().active();
    }

    @Override
    public List<TaskInfo> pending(int limit) {
        List<TaskInfo> pending = views().pending();
        return pending.size() <= limit ? pending : pending.subList(0, limit);
    }

    /** From the cached snapshot when the file has not changed, else by streaming over it (no tasks built). */
    @Override
    public Map<TaskStatus, Integer> countByStatus() {
        try {
            Optional<Version> now = Version.of(file);
            if (now.isEmpty()) return TaskStatus.count(List.of());
            Snapshot known = cached;
            if (known != null && known.version().equals(now.get())) return views().counts();
            Optional<byte[]> bytes = SafeFiles.readIfExists(file);
            if (bytes.isEmpty()) return TaskStatus.count(List.of());
            return TaskFileCodec.countStatuses(bytes.get()).orElseGet(() -> TaskStatus.count(load().tasks()));
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public Optional<TaskInfo> get(String taskId) {
        Views v = views();
        Integer at = v.position().get(taskId);
        return at == null ? Optional.empty() : Optional.of(v.sorted().get(at));
    }

    /**
     * What the master asks of one version of the file several times a round, computed once for it: queue order, the
     * active and the pending tasks, the counts, an index by id. A round then costs no sort and no walk of a long
     * queue's history; a new version (any write) gets new views.
     */
    private record Views(TaskFile content, List<TaskInfo> sorted, List<TaskInfo> active, List<TaskInfo> pending,
                         Map<TaskStatus, Integer> counts, Map<String, Integer> position) {
        static Views of(TaskFile content) {
            List<TaskInfo> sorted = new ArrayList<>(content.tasks());
            sorted.sort(TaskInfo.QUEUE_ORDER);
            List<TaskInfo> active = new ArrayList<>();
            List<TaskInfo> pending = new ArrayList<>();
            Map<String, Integer> position = new java.util.HashMap<>(sorted.size() * 2);
            for (int i = 0; i < sorted.size(); i++) {
                TaskInfo t = sorted.get(i);
                if (t.status().isActive()) active.add(t);
                if (t.isPending()) pending.add(t);
                position.put(t.taskId(), i);
            }
            return new Views(content, java.util.Collections.unmodifiableList(sorted), List.copyOf(active),
                    java.util.Collections.unmodifiableList(pending),
                    java.util.Collections.unmodifiableMap(TaskStatus.count(sorted)), position);
        }

        /**
         * The views of {@code content}, made from these views of the version it was changed from: the changed tasks
         * take their places (a change of status keeps a task's place in queue order), the active and pending lists
         * and the counts are corrected for them. No sort and no hashing of the whole queue; null when a change moved
         * a task (its priority) or added one, and the views must be made afresh.
         */
        Views after(TaskFile content, List<TaskQueue.Change> changes) {
            TaskInfo[] sorted = this.sorted.toArray(new TaskInfo[0]);
            Map<TaskStatus, Integer> counts = new java.util.EnumMap<>(this.counts);
            java.util.Set<String> touched = new java.util.HashSet<>();
            for (TaskQueue.Change c : changes) {
                Integer at = position.get(c.before().taskId());
                if (at == null || c.before().priority() != c.after().priority() || c.before().seq() != c.after().seq()) {
                    return null;
                }
                sorted[at] = c.after();
                counts.merge(c.before().status(), -1, Integer::sum);
                counts.merge(c.after().status(), 1, Integer::sum);
                touched.add(c.after().taskId());
            }
            return new Views(content, java.util.Collections.unmodifiableList(java.util.Arrays.asList(sorted)),
                    corrected(active, changes, touched, TaskInfo::isActiveTask),
                    corrected(pending, changes, touched, TaskInfo::isPending),
                    java.util.Collections.unmodifiableMap(counts), position);
        }

        /** {@code list} without the changed tasks, with those that now belong in it, in queue order. */
        private static List<TaskInfo> corrected(List<TaskInfo> list, List<TaskQueue.Change> changes,
                                                java.util.Set<String> touched,
                                                java.util.function.Predicate<TaskInfo> belongs) {
            List<TaskInfo> out = new ArrayList<>(list.size() + changes.size());
            for (TaskInfo t : list) if (!touched.contains(t.taskId())) out.add(t);
            for (TaskQueue.Change c : changes) {
                if (!belongs.test(c.after())) continue;
                int at = java.util.Collections.binarySearch(out, c.after(), TaskInfo.QUEUE_ORDER);
                out.add(at < 0 ? -at - 1 : at, c.after());
            }
            return java.util.Collections.unmodifiableList(out);
        }
    }

    private Views views() {
        TaskFile content = load();
        Views known = views;
        if (known != null && known.content() == content) return known;
        Views fresh = Views.of(content);
        views = fresh;
        return fresh;
    }

    @Override
    public List<TaskInfo> addAll(List<NewTask> newTasks) {
        for (NewTask n : newTasks) TaskRules.checkNew(n);
        return mutate(() -> {
            TaskFile current = load();
            Map<String, TaskInfo> stored = new HashMap<>();
            current.tasks().forEach(t -> stored.put(t.taskId(), t));
            TaskArrivals.Admitted admitted = TaskArrivals.admit(newTasks, stored, current.nextSeq(), now(),
                    file.toString());
            List<TaskInfo> all = new ArrayList<>(current.tasks());
            all.addAll(admitted.tasks());
            store(new TaskFile(all, admitted.nextSeq(), current.extra()));
            return admitted.tasks();
        });
    }

    @Override
    public Optional<Change> change(String taskId, UnaryOperator<TaskInfo> change) {
        return mutate(() -> {
            TaskFile current = load();
            List<TaskInfo> all = new ArrayList<>(current.tasks());
            for (int i = 0; i < all.size(); i++) {
                TaskInfo before = all.get(i);
                if (!before.taskId().equals(taskId)) continue;
                TaskInfo after = change.apply(before);
                if (after == before) return Optional.empty();
                TaskRules.checkChange(before, after);
                all.set(i, after);
                store(new TaskFile(all, current.nextSeq(), current.extra()), current, List.of(new Change(before, after)));
                return Optional.of(new Change(before, after));
            }
            throw new SwarmStateException("no task '" + taskId + "' in " + file + "; `swarm task list` shows the ids");
        });
    }

    @Override
    public List<Change> updateAll(UnaryOperator<TaskInfo> change) {
        return mutate(() -> {
            TaskFile current = load();
            List<TaskInfo> all = new ArrayList<>(current.tasks());
            List<Change> changed = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                TaskInfo before = all.get(i);
                TaskInfo after = change.apply(before);
                if (after != before) {
                    TaskRules.checkChange(before, after);
                    all.set(i, after);
                    changed.add(new Change(before, after));
                }
            }
            if (!changed.isEmpty()) store(new TaskFile(all, current.nextSeq(), current.extra()), current, changed);
            changed.sort(Change.ORDER);
            return changed;
        });
    }

    @Override
    public List<TaskInfo> removeIf(java.util.function.Predicate<TaskInfo> which) {
        return mutate(() -> {
            TaskFile current = load();
            List<TaskInfo> kept = new ArrayList<>();
            List<TaskInfo> removed = new ArrayList<>();
            for (TaskInfo t : current.tasks()) (!t.status().isActive() && which.test(t) ? removed : kept).add(t);
            if (!removed.isEmpty()) store(new TaskFile(kept, current.nextSeq(), current.extra()));
            removed.sort(TaskInfo.QUEUE_ORDER);
            return removed;
        });
    }

    /** A read-modify-write under the queue's inter-process lock. */
    private <T> T mutate(InterProcessMutex.Body<T> body) {
        try {
            return mutex.locked(body);
        } catch (IOException e) {
            throw new SwarmStateException("cannot update " + file + ": " + e, e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private TaskFile load() {
        try {
            Optional<Version> before = Version.of(file);
            if (before.isEmpty()) return TaskFile.empty();
            Snapshot known = cached;
            if (known != null && known.version().equals(before.get())) return known.content();
            Optional<byte[]> bytes = SafeFiles.readIfExists(file);
            if (bytes.isEmpty()) return TaskFile.empty();
            TaskFile content = TaskFileCodec.decode(file, bytes.get());
            // cache only when the file did not change while it was read, so the version names this content
            if (before.equals(Version.of(file))) cached = new Snapshot(before.get(), content);
            return content;
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
    }

    /** {@link #store(TaskFile)}, with the views of the new version made from those of {@code before}. */
    private void store(TaskFile content, TaskFile before, List<Change> changes) {
        Views known = views;
        store(content);
        if (known != null && known.content() == before && cached != null && cached.content() == content) {
            views = known.after(content, changes);
        }
    }

    private void store(TaskFile content) {
        try {
            SafeFiles.writeAtomically(file, TaskFileCodec.encode(content, encodings));
            encodings.trim(content.tasks().size());
            // we hold the queue's lock: no other writer can replace the file before this look
            cached = Version.of(file).map(v -> new Snapshot(v, content)).orElse(null);
        } catch (IOException e) {
            cached = null;
            throw new SwarmStateException("cannot write " + file + ": " + e + "; the previous content is intact", e);
        }
    }

    /** What identifies one version of the file: every write renames a new file into place. */
    private record Version(Object fileKey, long size, FileTime modified) {
        static Optional<Version> of(Path file) throws IOException {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                return Optional.of(new Version(a.fileKey(), a.size(), a.lastModifiedTime()));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
    }

    private record Snapshot(Version version, TaskFile content) {
    }
}
