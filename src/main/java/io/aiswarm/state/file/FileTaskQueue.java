package io.aiswarm.state.file;

import io.aiswarm.state.InterProcessMutex;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.SafeFiles;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskArrivals;
import io.aiswarm.state.TaskDependencies;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The task queue in one JSON file, and its finished history in an archive beside it ({@link TaskArchive}). Readers need
 * no lock (tasks.json is only ever replaced by an atomic rename, the archive appended to); every read-modify-write
 * holds an {@link InterProcessMutex} on the sibling {@code <file>.lock}.
 * The last version read or written is kept in memory and reused while the file's identity (inode, size,
 * modification time) is unchanged: the master reads the queue several times a round, and re-parsing a large
 * file each time made its cost grow with the square of the queue.
 * <p>A write that leaves more than {@code archiveAt} finished tasks in tasks.json first appends them to the archive
 * (those no unfinished task runs after), then writes tasks.json without them: a write then copies the live queue, not
 * its history. A task in both files (moved back by a change, or a crash between the two writes) is the one in
 * tasks.json. A change to an archived task brings it back into tasks.json; removing one rewrites the archive.
 */
public final class FileTaskQueue implements TaskQueue {
    /** Finished tasks tasks.json keeps before a write moves them to the archive. */
    public static final int ARCHIVE_AT = 200;

    private final Path file;
    private final InterProcessMutex mutex;
    private final Clock clock;
    private final ArchivedTasks history;
    private volatile Snapshot cached;
    private final TaskEncodings encodings = new TaskEncodings();
    private volatile QueueViews views;

    public FileTaskQueue(Path tasksFile, Clock clock) {
        this(tasksFile, clock, ARCHIVE_AT);
    }

    public FileTaskQueue(Path tasksFile, Clock clock, int archiveAt) {
        this.file = tasksFile.toAbsolutePath().normalize();
        this.mutex = InterProcessMutex.of(file.resolveSibling(file.getFileName() + ".lock"));
        this.clock = clock;
        this.history = new ArchivedTasks(file, archiveAt);
    }

    public Path file() {
        return file;
    }

    public Path archiveFile() {
        return history.file();
    }

    @Override
    public List<TaskInfo> list() {
        QueueViews v = views();
        List<TaskInfo> archived = history.only(v.position().keySet());
        List<TaskInfo> all = new ArrayList<>(v.sorted());
        if (archived.isEmpty()) return all;
        all.addAll(archived);
        all.sort(TaskInfo.QUEUE_ORDER);
        return all;
    }

    /** From tasks.json and the archive's last lines only: the history need not be read. */
    @Override
    public List<TaskInfo> recent(int finished) {
        QueueViews v = views();
        Map<String, TaskInfo> candidates = new LinkedHashMap<>();
        for (TaskInfo t : history.tail(finished)) candidates.put(t.taskId(), t);
        for (TaskInfo t : v.sorted()) candidates.put(t.taskId(), t); // tasks.json's copy is the task
        return TaskQueue.recentOf(candidates.values(), finished);
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

    /**
     * From the cached snapshot when the file has not changed, else by streaming over it (no tasks built); archived
     * tasks from the summary in tasks.json while it describes the archive, else by reading the archive.
     */
    @Override
    public Map<TaskStatus, Integer> countByStatus() {
        try {
            Optional<Version> now = Version.of(file);
            Snapshot known = cached;
            Map<TaskStatus, Integer> live;
            ArchiveSummary summary;
            if (now.isEmpty()) {
                live = TaskStatus.count(List.of());
                summary = null;
            } else if (known != null && known.version().equals(now.get())) {
                live = views().counts();
                summary = known.content().archived();
            } else {
                Optional<byte[]> bytes = SafeFiles.readIfExists(file);
                Optional<TaskFileCodec.Counted> counted = bytes.flatMap(TaskFileCodec::countStatuses);
                if (counted.isPresent()) {
                    live = counted.get().counts();
                    summary = counted.get().archived();
                } else {
                    TaskFile content = load();
                    live = TaskStatus.count(content.tasks());
                    summary = content.archived();
                }
            }
            Map<TaskStatus, Integer> all = new java.util.EnumMap<>(live);
            ArchiveSummary archived = history.described(summary, () -> idsOf(load()));
            if (archived != null) archived.counts().forEach((s, n) -> all.merge(s, n, Integer::sum));
            return all;
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
    }

    /** The live queue's declined tasks and the archive summary's: the history is not read. */
    @Override
    public int countDeclined() {
        QueueViews v = views();
        ArchiveSummary archived = history.described(v.content().archived(), () -> v.position().keySet());
        return ArchiveSummary.declined(v.sorted()) + (archived == null ? 0 : archived.declined());
    }

    @Override
    public Optional<TaskInfo> get(String taskId) {
        QueueViews v = views();
        Integer at = v.position().get(taskId);
        if (at != null) return Optional.of(v.sorted().get(at));
        return Optional.ofNullable(history.content().byId().get(taskId));
    }

    private QueueViews views() {
        TaskFile content = load();
        QueueViews known = views;
        if (known != null && known.content() == content) return known;
        QueueViews fresh = QueueViews.of(content);
        views = fresh;
        return fresh;
    }

    @Override
    public List<TaskInfo> addAll(List<NewTask> newTasks) {
        for (NewTask n : newTasks) TaskRules.checkNew(n);
        return mutate(() -> {
            TaskFile current = load();
            Map<String, TaskInfo> inFile = new HashMap<>();
            current.tasks().forEach(t -> inFile.put(t.taskId(), t));
            Map<String, List<String>> archived = history.afterLists(); // their ids stay taken
            Set<String> inUse = new HashSet<>(archived.keySet());
            inUse.addAll(inFile.keySet());
            TaskArrivals.Admitted admitted = TaskArrivals.admit(newTasks, inUse, id -> inFile.containsKey(id)
                    ? Optional.of(TaskDependencies.after(inFile.get(id))) : Optional.ofNullable(archived.get(id)),
                    current.nextSeq(), now(), file.toString());
            List<TaskInfo> all = new ArrayList<>(current.tasks());
            all.addAll(admitted.tasks());
            store(new TaskFile(all, admitted.nextSeq(), current.extra(), current.archived()));
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
                store(current.withTasks(all), current, List.of(new Change(before, after)));
                return Optional.of(new Change(before, after));
            }
            TaskInfo before = history.content().byId().get(taskId);
            if (before == null) {
                throw new SwarmStateException("no task '" + taskId + "' in " + file
                        + "; `swarm task list --all` shows the ids");
            }
            TaskInfo after = change.apply(before);
            if (after == before) return Optional.empty();
            TaskRules.checkChange(before, after);
            store(history.unarchived(current, idsOf(current), List.of(new Change(before, after))));
            return Optional.of(new Change(before, after));
        });
    }

    @Override
    public List<Change> updateAll(UnaryOperator<TaskInfo> change) {
        return update(change, true);
    }

    /** Reads and writes tasks.json only: archived tasks are all finished. */
    @Override
    public List<Change> updateUnfinished(UnaryOperator<TaskInfo> change) {
        return update(t -> t.status().isFinal() ? t : change.apply(t), false);
    }

    private List<Change> update(UnaryOperator<TaskInfo> change, boolean archivedToo) {
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
            List<Change> fromArchive = new ArrayList<>();
            if (archivedToo) {
                for (TaskInfo before : history.only(idsOf(current))) {
                    TaskInfo after = change.apply(before);
                    if (after == before) continue;
                    TaskRules.checkChange(before, after);
                    fromArchive.add(new Change(before, after));
                }
            }
            if (!fromArchive.isEmpty()) {
                store(history.unarchived(current.withTasks(all), idsOf(current), fromArchive));
                changed.addAll(fromArchive);
            } else if (!changed.isEmpty()) {
                store(current.withTasks(all), current, changed);
            }
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
            for (TaskInfo t : history.only(idsOf(current))) if (which.test(t)) removed.add(t);
            if (!removed.isEmpty()) {
                Set<String> gone = new HashSet<>();
                removed.forEach(t -> gone.add(t.taskId()));
                TaskFile rest = new TaskFile(kept, current.nextSeq(), current.extra(), current.archived());
                store(rest.withArchived(history.removing(gone, idsOf(rest), current.archived())));
            }
            removed.sort(TaskInfo.QUEUE_ORDER);
            return removed;
        });
    }

    /** The ids tasks.json holds in {@code content} (from its views when they are made). */
    private Set<String> idsOf(TaskFile content) {
        QueueViews v = views;
        if (v != null && v.content() == content) return v.position().keySet();
        Set<String> ids = new HashSet<>();
        for (TaskInfo t : content.tasks()) ids.add(t.taskId());
        return ids;
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
            if (before.isEmpty()) {
                seenHere.set(before);
                return TaskFile.empty();
            }
            Snapshot known = cached;
            if (known != null && known.version().equals(before.get())) {
                seenHere.set(before);
                return known.content();
            }
            Optional<byte[]> bytes = SafeFiles.readIfExists(file);
            if (bytes.isEmpty()) return TaskFile.empty();
            TaskFile content = TaskFileCodec.decode(file, bytes.get());
            // cache only when the file did not change while it was read, so the version names this content
            if (before.equals(Version.of(file))) {
                cached = new Snapshot(before.get(), content);
                seenHere.set(before);
            }
            return content;
        } catch (IOException e) {
            throw new SwarmStateException("cannot read " + file + ": " + e, e);
        }
    }

    /** {@link #store(TaskFile)}, with the views of the new version made from those of {@code before}. */
    private void store(TaskFile content, TaskFile before, List<Change> changes) {
        QueueViews known = views;
        TaskFile stored = store(content);
        if (stored == content && known != null && known.content() == before && cached != null
                && cached.content() == content) {
            views = known.after(content, changes);
        }
    }

    /** Writes {@code content} ({@link ArchivedTasks#archiving} it first); returns what was written. */
    private TaskFile store(TaskFile content) {
        TaskFile stored = history.archiving(content, idsOf(content));
        try {
            SafeFiles.writeAtomically(file, TaskFileCodec.encode(stored, encodings));
            encodings.trim(stored.tasks().size());
            // we hold the queue's lock: no other writer can replace the file before this look
            Optional<Version> written = Version.of(file);
            cached = written.map(v -> new Snapshot(v, stored)).orElse(null);
            seenHere.set(written);
            return stored;
        } catch (IOException e) {
            cached = null;
            throw new SwarmStateException("cannot write " + file + ": " + e + "; the previous content is intact", e);
        }
    }

    @Override
    public boolean tellsOwnWrites() {
        return true;
    }

    /**
     * The calling thread's view: the file is the version this thread last read or wrote (absent included). Per thread,
     * because the master's own API threads write through this same queue (a `swarm task add` over its socket), and
     * for the master's round thread that is another's change.
     */
    @Override
    public boolean unchangedSinceLastLook() {
        Optional<Version> seen = seenHere.get();
        try {
            return seen != null && seen.equals(Version.of(file));
        } catch (IOException e) {
            return false;
        }
    }

    /** The version of the file (empty: none) this thread last read or wrote; null: it never looked. */
    private final ThreadLocal<Optional<Version>> seenHere = new ThreadLocal<>();

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
