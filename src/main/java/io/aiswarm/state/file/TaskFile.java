package io.aiswarm.state.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.TaskInfo;
import java.util.List;
import java.util.Map;

/**
 * The content of tasks.json: the tasks in file order, the arrival counter ({@code next_seq}, which also numbers
 * generated ids), what it says of the archive of finished tasks ({@code archived}, null when it says nothing) and any
 * top-level fields this version does not know (kept and written back).
 */
record TaskFile(List<TaskInfo> tasks, long nextSeq, Map<String, JsonNode> extra, ArchiveSummary archived) {
    TaskFile {
        tasks = List.copyOf(tasks); // versions are cached and shared: nobody may change one in place
    }

    TaskFile(List<TaskInfo> tasks, long nextSeq, Map<String, JsonNode> extra) {
        this(tasks, nextSeq, extra, null);
    }

    static TaskFile empty() {
        return new TaskFile(List.of(), 1, Map.of());
    }

    /** The same file with other tasks (same counter, fields and archive summary). */
    TaskFile withTasks(List<TaskInfo> newTasks) {
        return new TaskFile(newTasks, nextSeq, extra, archived);
    }

    TaskFile withArchived(ArchiveSummary summary) {
        return new TaskFile(tasks, nextSeq, extra, summary);
    }
}
