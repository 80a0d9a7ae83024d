package io.aiswarm.state.file;

import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The file queue's history side: its archive ({@link TaskArchive}), read once and then only what is appended, and
 * what moves between it and tasks.json. Every method that writes runs under the queue's lock. {@code inFile} is always
 * the set of ids tasks.json holds: a task there is the task, whatever the archive has of it.
 */
final class ArchivedTasks {
    private final TaskArchive archive;
    private final int archiveAt;
    private volatile TaskArchive.Content known; // null until first needed: a master reads it only for a task it lacks
    private volatile TaskArchive.Ids ids; // what new tasks were checked against, read on from its end for the next

    ArchivedTasks(Path tasksFile, int archiveAt) {
        this.archive = new TaskArchive(TaskArchive.of(tasksFile));
        this.archiveAt = archiveAt;
    }

    Path file() {
        return archive.file();
    }

    /** The archive as it is now, reading only what was appended since it was last read. */
    TaskArchive.Content content() {
        TaskArchive.Content now = archive.read(known);
        known = now;
        return now;
    }

    /** The archived tasks tasks.json does not hold. */
    List<TaskInfo> only(Set<String> inFile) {
        return only(content(), inFile);
    }

    private static List<TaskInfo> only(TaskArchive.Content history, Set<String> inFile) {
        if (history.byId().isEmpty()) return List.of();
        List<TaskInfo> out = new ArrayList<>();
        for (TaskInfo t : history.byId().values()) if (!inFile.contains(t.taskId())) out.add(t);
        return out;
    }

    /**
     * The archived tasks' ids with their {@code after} lists: from the tasks when they were read here already, else by
     * a pass that builds no task and, the next time, reads only what was appended (a master adding tasks for `swarm task
     * add` reads its history once).
     */
    java.util.Map<String, List<String>> afterLists() {
        if (known == null) {
            java.util.Optional<TaskArchive.Ids> read = archive.ids(ids);
            if (read.isPresent()) {
                ids = read.get();
                return ids.afterById();
            }
        }
        java.util.Map<String, List<String>> out = new java.util.HashMap<>();
        for (TaskInfo t : content().byId().values()) out.put(t.taskId(), TaskDependencies.after(t));
        return out;
    }

    /** The tasks of the archive's last {@code n} lines: what a short listing needs. */
    List<TaskInfo> tail(int n) {
        return archive.tail(n);
    }

    /**
     * What the archive holds, in numbers: {@code summary} while it describes the archive, else counted from it; null
     * when there is no archive.
     */
    ArchiveSummary described(ArchiveSummary summary, java.util.function.Supplier<Set<String>> inFile) {
        long size = archive.size();
        if (size < 0) return null;
        if (summary != null && summary.describes(size)) return summary;
        TaskArchive.Content history = content();
        return ArchiveSummary.of(name(), history.size(), only(history, inFile.get()));
    }

    /**
     * The summary {@code content} should carry: its own while it describes the archive, else counted afresh (after a
     * crash between the two writes, an edit by hand, or a file an earlier version wrote); null when there is no archive.
     */
    ArchiveSummary summarized(TaskFile content, Set<String> inFile) {
        return described(content.archived(), () -> inFile);
    }

    /** {@code content} with archived tasks changed back into it; the summary no longer counts their archived copies. */
    TaskFile unarchived(TaskFile content, Set<String> inFile, List<TaskQueue.Change> changes) {
        List<TaskInfo> all = new ArrayList<>(content.tasks());
        List<TaskInfo> before = new ArrayList<>();
        for (TaskQueue.Change c : changes) {
            all.add(c.after());
            before.add(c.before());
        }
        ArchiveSummary summary = summarized(content, inFile);
        return new TaskFile(all, content.nextSeq(), content.extra(),
                summary == null ? null : summary.plus(summary.bytes(), before, -1));
    }

    /**
     * {@code content} as it will be written: its summary made right, and, past {@code archiveAt} finished tasks, those
     * that no unfinished task runs after appended to the archive (fsynced before tasks.json is replaced) and left out.
     */
    TaskFile archiving(TaskFile content, Set<String> inFile) {
        ArchiveSummary summary = summarized(content, inFile);
        TaskFile out = summary == content.archived() ? content : content.withArchived(summary);
        int finished = 0;
        for (TaskInfo t : out.tasks()) if (t.status().isFinal()) finished++;
        if (finished <= archiveAt) return out;
        Set<String> awaited = new HashSet<>();
        for (TaskInfo t : out.tasks()) if (!t.status().isFinal()) awaited.addAll(TaskDependencies.after(t));
        List<TaskInfo> kept = new ArrayList<>();
        List<TaskInfo> moving = new ArrayList<>();
        for (TaskInfo t : out.tasks()) (t.status().isFinal() && !awaited.contains(t.taskId()) ? moving : kept).add(t);
        if (moving.isEmpty()) return out;
        moving.sort(Comparator.comparing((TaskInfo t) -> t.finishedAt() != null ? t.finishedAt() : t.updatedAt(),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        long length = archive.append(moving); // what was read here of the archive is refreshed when next needed
        ArchiveSummary base = summary != null ? summary : ArchiveSummary.of(name(), 0, List.of());
        return new TaskFile(kept, out.nextSeq(), out.extra(), base.plus(length, moving, 1));
    }

    /**
     * Takes the tasks {@code gone} out of the archive, rewriting it (before tasks.json is written: a copy left there
     * would come back once tasks.json no longer has the task), along with copies of tasks {@code kept} in tasks.json
     * and earlier lines of an id. Returns the summary tasks.json then carries ({@code summary} when nothing changed).
     */
    ArchiveSummary removing(Set<String> gone, Set<String> kept, ArchiveSummary summary) {
        TaskArchive.Content history = content();
        if (history.byId().keySet().stream().noneMatch(gone::contains)) return summary;
        List<TaskInfo> rest = new ArrayList<>();
        for (TaskInfo t : history.byId().values()) {
            if (!gone.contains(t.taskId()) && !kept.contains(t.taskId())) rest.add(t);
        }
        TaskArchive.Content after = archive.rewrite(rest);
        known = after;
        return ArchiveSummary.of(name(), after.size(), rest);
    }

    private String name() {
        return archive.file().getFileName().toString();
    }
}
